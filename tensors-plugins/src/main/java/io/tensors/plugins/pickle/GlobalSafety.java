package io.tensors.plugins.pickle;

import io.tensors.api.ModelHeader.Safety;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What importing a global while unpickling can do, as a table: the dangerous rules first (a module
 * and its submodules, or single names), then the known-safe ones; anything else is unknown. To
 * extend it, add a line to {@link #DANGEROUS} or {@link #SAFE}.
 *
 * <p>A name is a glob: {@code *} stands for any characters. Modules in {@link #DANGEROUS} cover their
 * submodules ({@code os} covers {@code os.path}). Python 2 module names are read as Python 3's, as
 * the unpickler's {@code fix_imports} does. A dotted name ({@code Path.write_text}, which protocol 4
 * resolves attribute by attribute) is never safe, and is dangerous when any tail of the dotted path
 * is ({@code torch.serialization} + {@code os.system} reaches {@code os.system}).
 *
 * <p>{@code torch.nn.modules} classes are safe: a pickled module is rebuilt by
 * {@code copyreg._reconstructor} (object.__new__, no __init__) and torch's own __setstate__, which
 * only assigns the pickled state; every callable that state could hold is itself a global in this
 * table. {@code copyreg._reconstructor} and {@code __newobj__} are safe for the same reason: they
 * only call classes the stream imports, and those are classified on their own.
 */
final class GlobalSafety {
    private static final String[][] DANGEROUS = {
        // module (and submodules), names
        {"os", "*"}, {"posix", "*"}, {"nt", "*"}, {"subprocess", "*"}, {"_posixsubprocess", "*"},
        {"sys", "*"}, {"runpy", "*"}, {"shutil", "*"}, {"socket", "*"}, {"_socket", "*"},
        {"socketserver", "*"}, {"importlib", "*"}, {"pkgutil", "*"}, {"zipimport", "*"}, {"pty", "*"},
        {"webbrowser", "*"}, {"antigravity", "*"}, {"code", "*"}, {"codeop", "*"}, {"ctypes", "*"},
        {"_ctypes", "*"}, {"marshal", "*"}, {"_pickle", "*"}, {"dill", "*"}, {"cloudpickle", "*"},
        {"joblib", "*"}, {"shelve", "*"}, {"multiprocessing", "*"}, {"asyncio", "*"}, {"pdb", "*"},
        {"bdb", "*"}, {"timeit", "*"}, {"cProfile", "*"}, {"profile", "*"}, {"trace", "*"},
        {"pydoc", "*"}, {"tempfile", "*"}, {"signal", "*"}, {"_thread", "*"}, {"platform", "*"},
        {"pip", "*"}, {"ensurepip", "*"}, {"venv", "*"}, {"commands", "*"}, {"popen2", "*"},
        {"urllib", "*"}, {"urllib2", "*"}, {"http", "*"}, {"httplib", "*"}, {"requests", "*"},
        {"ftplib", "*"}, {"smtplib", "*"}, {"telnetlib", "*"}, {"xmlrpc", "*"}, {"paramiko", "*"},
        {"builtins", "eval", "exec", "execfile", "compile", "getattr", "setattr", "delattr", "__import__",
            "open", "breakpoint", "input", "globals", "locals", "vars", "exit", "quit", "help", "reload"},
        {"io", "open", "open_code", "FileIO"}, {"_io", "open", "open_code", "FileIO"},
        {"pickle", "load", "loads", "_load", "_loads", "Unpickler", "_Unpickler"},
        {"operator", "attrgetter", "methodcaller"}, {"_operator", "attrgetter", "methodcaller"},
        {"torch", "load", "hub"}, {"torch.serialization", "load", "_load", "_legacy_load"},
        {"torch.hub", "*"}, {"torch.jit", "load"}, {"torch.utils.cpp_extension", "*"},
        {"torch.storage", "_load_from_bytes"}, // torch.load of a nested pickle tsr does not inspect
        {"numpy", "load", "save", "savez", "fromfile", "tofile"},
        {"numpy.testing._private.utils", "runstring"}, {"numpy.f2py", "*"},
    };

    private static final String[][] SAFE = {
        // module (exactly), names
        {"torch._utils", "_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_parameter",
            "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_sparse_tensor",
            "_rebuild_sparse_csr_tensor", "_rebuild_device_tensor_from_numpy", "_rebuild_meta_tensor_no_storage",
            "_rebuild_wrapper_subclass", "_rebuild_nested_tensor"},
        {"torch._tensor", "_rebuild_from_type", "_rebuild_from_type_v2"},
        {"torch", "*Storage", "Tensor", "Size", "device", "dtype", "layout", "memory_format",
            "float", "double", "half", "bfloat16", "float16", "float32", "float64", "int8", "int16", "int32",
            "int64", "uint8", "uint16", "uint32", "uint64", "bool", "short", "int", "long", "complex32",
            "complex64", "complex128", "cfloat", "cdouble", "chalf", "float8_*", "float4_*", "bits*",
            "qint8", "quint8", "qint32", "quint4x2", "quint2x4", "strided", "sparse_coo", "sparse_csr",
            "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn", "contiguous_format", "channels_last",
            "channels_last_3d", "preserve_format", "per_tensor_affine", "per_channel_affine",
            "per_tensor_symmetric", "per_channel_symmetric", "per_channel_affine_float_qparams"},
        {"torch.cuda", "*Storage"},
        {"torch.storage", "TypedStorage", "UntypedStorage"},
        {"torch.nn.parameter", "Parameter", "UninitializedParameter", "UninitializedBuffer", "Buffer"},
        {"torch.nn.modules.*", "[A-Z]*"},
        {"torch.torch_version", "TorchVersion"},
        {"torch.serialization", "_get_layout"},
        {"collections", "OrderedDict", "defaultdict", "Counter", "deque"},
        {"builtins", "set", "frozenset", "slice", "range", "complex", "bytearray", "bytes", "int", "float",
            "str", "list", "dict", "tuple", "bool", "object", "Ellipsis", "NotImplemented"},
        {"copyreg", "_reconstructor", "__newobj__", "__newobj_ex__"},
        {"_codecs", "encode"},
        {"numpy.core.multiarray", "_reconstruct", "scalar"}, {"numpy._core.multiarray", "_reconstruct", "scalar"},
        {"numpy.core.numeric", "_frombuffer"}, {"numpy._core.numeric", "_frombuffer"},
        {"numpy", "ndarray", "dtype"}, {"numpy.dtypes", "*DType"},
        {"argparse", "Namespace"},
        {"pathlib", "Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath", "PureWindowsPath"},
        {"datetime", "datetime", "date", "time", "timedelta", "timezone"},
        {"decimal", "Decimal"}, {"fractions", "Fraction"}, {"uuid", "UUID"},
    };

    /** Python 2 module names the unpickler maps to Python 3's (Lib/_compat_pickle.py, the ones that matter here). */
    private static final Map<String, String> PYTHON2_MODULES = Map.of(
            "__builtin__", "builtins", "copy_reg", "copyreg", "exceptions", "builtins", "cPickle", "pickle",
            "UserDict", "collections", "SocketServer", "socketserver");

    private record Rule(String module, Pattern modulePattern, boolean submodules, Pattern name) {
        boolean matches(String module, String name) {
            boolean moduleMatches = submodules
                    ? module.equals(this.module) || module.startsWith(this.module + ".")
                    : modulePattern.matcher(module).matches();
            return moduleMatches && this.name.matcher(name).matches();
        }
    }

    private static final List<Rule> DANGEROUS_RULES = rules(DANGEROUS, true);
    private static final List<Rule> SAFE_RULES = rules(SAFE, false);

    private GlobalSafety() {}

    /**
     * @param module the global's module as the stream names it, null when computed at load time
     * @param name the global's name as the stream names it, null when computed at load time
     * @return what importing it can do; a computed name is dangerous (only an obfuscating pickle has one)
     */
    static Safety classify(String module, String name) {
        if (module == null || name == null) {
            return Safety.DANGEROUS;
        }
        String mod = python3(module);
        if (dangerous(mod, name)) {
            return Safety.DANGEROUS;
        }
        if (!name.contains(".")) {
            for (Rule rule : SAFE_RULES) {
                if (rule.matches(mod, name)) {
                    return Safety.SAFE;
                }
            }
        }
        return Safety.UNKNOWN;
    }

    private static boolean dangerous(String module, String name) {
        if (matchesAny(module, name)) {
            return true;
        }
        if (!name.contains(".")) {
            return false;
        }
        // protocol 4 resolves a dotted name attribute by attribute: module.a.b reaches module.a's b,
        // and through a module object imported there, a.b itself
        String[] moduleParts = module.split("\\.", -1);
        String[] nameParts = name.split("\\.", -1);
        String[] path = new String[moduleParts.length + nameParts.length];
        System.arraycopy(moduleParts, 0, path, 0, moduleParts.length);
        System.arraycopy(nameParts, 0, path, moduleParts.length, nameParts.length);
        for (int start = 0; start < path.length - 1; start++) {
            if (start > 0 && start < moduleParts.length) {
                continue;
            }
            for (int split = Math.max(start + 1, start == 0 ? moduleParts.length : 0); split < path.length; split++) {
                String reachedModule = python3(String.join(".", Arrays.copyOfRange(path, start, split)));
                String reachedName = String.join(".", Arrays.copyOfRange(path, split, path.length));
                if (matchesAny(reachedModule, reachedName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesAny(String module, String name) {
        for (Rule rule : DANGEROUS_RULES) {
            if (rule.matches(module, name)) {
                return true;
            }
        }
        return false;
    }

    private static String python3(String module) {
        return PYTHON2_MODULES.getOrDefault(module, module);
    }

    private static List<Rule> rules(String[][] table, boolean submodules) {
        List<Rule> rules = new ArrayList<>();
        for (String[] row : table) {
            for (int i = 1; i < row.length; i++) {
                rules.add(new Rule(row[0], glob(row[0]), submodules, glob(row[i])));
            }
        }
        return List.copyOf(rules);
    }

    /** {@code *} is any characters; {@code [A-Z]} a class; everything else literal. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '[') {
                int close = glob.indexOf(']', i);
                regex.append(glob, i, close + 1);
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
