package io.tensors.shell.render;

import java.util.List;

/** Paths shown relative to the folder they all share, so a fitted table spends its cells on what differs. */
public final class Paths {
    private Paths() {}

    /** @return the longest folder (ending in '/') every path is under, or "" when they share only the root */
    public static String commonFolder(List<String> paths) {
        if (paths.isEmpty()) {
            return "";
        }
        String common = paths.getFirst();
        int end = common.lastIndexOf('/') + 1;
        common = common.substring(0, end);
        for (String p : paths) {
            while (!common.isEmpty() && !p.startsWith(common)) {
                common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
            }
        }
        return common.length() <= 1 ? "" : common;
    }

    /** @return the path without the folder, or the path itself when it is not under it */
    public static String under(String folder, String path) {
        return !folder.isEmpty() && path.startsWith(folder) ? path.substring(folder.length()) : path;
    }
}
