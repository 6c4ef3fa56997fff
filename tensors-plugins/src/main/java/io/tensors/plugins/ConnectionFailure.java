package io.tensors.plugins;

import io.tensors.api.ErrorText;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/** The words for a failed connection, for the one-line failures CivitaiHttp reports. */
final class ConnectionFailure {
    private ConnectionFailure() {}

    /** Why a connection failed, in words ("connection refused", "host not found", "timed out"), never a class name. */
    static String why(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.UnknownHostException || c instanceof java.nio.channels.UnresolvedAddressException) {
                return "host not found";
            }
            if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String message = c.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("refused")) {
                return "connection refused";
            }
            if (lower.contains("reset")) {
                return "connection reset";
            }
            if (lower.contains("no route to host") || lower.contains("unreachable")) {
                return "network unreachable";
            }
            if (lower.contains("timed out")) {
                return "timed out";
            }
            if (c instanceof javax.net.ssl.SSLException) {
                return "secure connection failed: " + CivitaiJson.oneLine(ErrorText.describe(c), 100);
            }
        }
        if (t instanceof ConnectException) {
            return "connection failed";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? "connection failed" : CivitaiJson.oneLine(ErrorText.describe(t), 100);
    }
}
