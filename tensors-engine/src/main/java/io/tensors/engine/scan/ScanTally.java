package io.tensors.engine.scan;

import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one scan has done so far; each failure is told to the listener as it is counted. */
final class ScanTally {
    final ScanListener listener;
    private final List<ScanFailure> failures = Collections.synchronizedList(new ArrayList<>());
    long added;
    long changed;
    long moved;
    long bytesHashed;
    /** Rows of the original tsr's files read for the first time, and of those the ones whose SHA256 held. */
    long originalReread;
    long originalConfirmed;

    ScanTally(ScanListener listener) {
        this.listener = listener;
    }

    void failed(ScanFailure failure) {
        failures.add(failure);
        listener.fileFailed(failure);
    }

    List<ScanFailure> failures() {
        return failures;
    }
}
