package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ModelHeader.Safety;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GlobalSafetyTest {
    private static Safety classify(String qualified) {
        int dot = qualified.indexOf(' ');
        return GlobalSafety.classify(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_tensor_v3",
        "torch._utils _rebuild_parameter", "torch._tensor _rebuild_from_type_v2", "torch FloatStorage",
        "torch BFloat16Storage", "torch UntypedStorage", "torch.cuda HalfStorage", "torch float8_e4m3fn",
        "torch Size", "collections OrderedDict", "torch.nn.modules.conv Conv2d",
        "torch.nn.modules.container Sequential", "torch.nn.parameter Parameter",
        "numpy.core.multiarray _reconstruct", "numpy._core.multiarray scalar", "numpy dtype", "numpy ndarray",
        "numpy.dtypes Float32DType", "_codecs encode", "builtins set", "__builtin__ set", "builtins slice",
        "copyreg _reconstructor", "copy_reg _reconstructor", "argparse Namespace", "pathlib PosixPath"})
    void knownSafe(String global) {
        assertThat(classify(global)).isEqualTo(Safety.SAFE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"os system", "os.path join", "posix system", "nt system", "subprocess Popen",
        "subprocess check_output", "sys modules", "builtins eval", "builtins exec", "builtins compile",
        "builtins getattr", "builtins __import__", "builtins open", "builtins breakpoint", "__builtin__ eval",
        "runpy _run_code", "shutil rmtree", "socket socket", "importlib import_module", "pty spawn",
        "webbrowser open", "pickle loads", "cPickle loads", "_pickle loads", "marshal loads", "dill loads",
        "code interact", "ctypes CDLL", "commands getoutput", "operator attrgetter", "torch load",
        "torch.hub load", "torch.storage _load_from_bytes", "numpy.testing._private.utils runstring",
        "pathlib os.system", "torch.serialization os.system", "torch hub.load", "collections os.system"})
    void dangerous(String global) {
        assertThat(classify(global)).isEqualTo(Safety.DANGEROUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch_lightning.callbacks.model_checkpoint ModelCheckpoint", "__main__ MyNet",
        "torch.nn.modules.module register_module_forward_hook", "collections OrderedDict.fromkeys",
        "builtins type", "functools partial", "torch._C _jit_pass", "torch Storage.__globals__",
        "numpy.random._pickle __randomstate_ctor", "posixpath join"})
    void unknown(String global) {
        assertThat(classify(global)).isEqualTo(Safety.UNKNOWN);
    }

    @org.junit.jupiter.api.Test
    void aComputedNameIsDangerous() {
        assertThat(GlobalSafety.classify("os", null)).isEqualTo(Safety.DANGEROUS);
        assertThat(GlobalSafety.classify(null, "system")).isEqualTo(Safety.DANGEROUS);
    }
}
