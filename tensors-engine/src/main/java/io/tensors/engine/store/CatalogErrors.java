package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns a database failure into one line that says what to do, with the exit code that fits. */
final class CatalogErrors {
    private CatalogErrors() {}

    static TensorsException translate(Path file, Exception e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code.name().startsWith("SQLITE_BUSY")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " stayed locked by another program for " + CatalogFile.BUSY_TIMEOUT_MS / 1000
                        + " s: wait for it to finish and run the command again", e);
            }
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                    || code.name().startsWith("SQLITE_CORRUPT")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " is not a valid tensors catalog ("
                        + (code == SQLiteErrorCode.SQLITE_NOTADB ? "not a database" : "damaged")
                        + "): restore it from a backup or use another --db", e);
            }
            if (code.name().startsWith("SQLITE_READONLY")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " is read-only here (its file, folder or -shm file cannot be written): check their permissions"
                        + " or use another --db", e);
            }
            if (code.name().startsWith("SQLITE_CANTOPEN")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " cannot be opened: check its permissions and its folder's, or use another --db", e);
            }
            if (code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR
                    || code.name().startsWith("SQLITE_IOERR")) {
                return new TensorsException(ErrorCode.FAILED, "catalog " + file
                        + " could not be written (" + code.name() + "): free disk space and run the command again; nothing committed was lost", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root.getMessage() != null ? root.getMessage() : root.toString();
        return new TensorsException(ErrorCode.INTERNAL, "catalog " + file + ": " + firstLine(detail), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown database error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
