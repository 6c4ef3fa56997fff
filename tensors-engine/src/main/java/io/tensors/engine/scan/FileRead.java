package io.tensors.engine.scan;

import io.tensors.api.ScanFailure;
import io.tensors.api.TensorEntry;
import io.tensors.engine.store.FileRecord;
import java.util.List;

/** What reading one file gave: its row to write, or why it could not be cataloged. */
sealed interface FileRead {
    /**
     * @param tensors the header's tensor entries, for the writer (not stored yet)
     */
    record Read(FileRecord record, List<TensorEntry> tensors) implements FileRead {
        public Read {
            tensors = List.copyOf(tensors);
        }
    }

    record Failed(ScanFailure failure) implements FileRead {
        Failed(FoundFile file, String reason) {
            this(new ScanFailure(file.pathString(), reason));
        }
    }
}
