#!/usr/bin/env python3
"""Writes the pickle test files next to this script with CPython's own pickle module (no torch needed).

    python3 make_pickles.py

A stand-in 'torch' package (written to a temporary folder) has the names torch.save pickles refer
to, so the pickler writes the same opcodes for them: torch._utils._rebuild_tensor_v2/_v3,
torch.<Type>Storage classes, torch dtypes, collections.OrderedDict state dicts, and persistent ids
('storage', storage class, key, location, numel) as torch.serialization's persistent_id makes them.
The files are committed; the tests never run Python. Loading the malicious ones WOULD run commands:
they only name harmless ones (echo, a print), and tsr never loads them.
"""
import collections, io, os, pickle, struct, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

FAKE_TORCH = '''
class _Storage:
    pass
for _name in ["FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "UntypedStorage"]:
    globals()[_name] = type(_name, (_Storage,), {"__module__": "torch"})
class dtype:
    def __init__(self, name):
        self.name = name
    def __reduce__(self):
        return self.name
float8_e4m3fn = dtype("float8_e4m3fn")
float16 = dtype("float16")
'''
FAKE_UTILS = '''
def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None):
    raise RuntimeError("stand-in")
def _rebuild_tensor_v3(storage, storage_offset, size, stride, dtype, requires_grad, backward_hooks, metadata=None):
    raise RuntimeError("stand-in")
def _rebuild_parameter(data, requires_grad, backward_hooks):
    raise RuntimeError("stand-in")
'''

root = tempfile.mkdtemp()
os.makedirs(os.path.join(root, "torch"))
with open(os.path.join(root, "torch", "__init__.py"), "w") as f:
    f.write(FAKE_TORCH)
with open(os.path.join(root, "torch", "_utils.py"), "w") as f:
    f.write(FAKE_UTILS)
sys.path.insert(0, root)
import torch  # the stand-in
import torch._utils


class Storage:
    def __init__(self, cls, key, numel):
        self.cls, self.key, self.numel = cls, key, numel


class Tensor:
    def __init__(self, storage, offset, size, stride, v3_dtype=None):
        self.args = (storage, offset, size, stride)
        self.v3_dtype = v3_dtype

    def __reduce_ex__(self, protocol):
        storage, offset, size, stride = self.args
        if self.v3_dtype is not None:
            return (torch._utils._rebuild_tensor_v3,
                    (storage, offset, size, stride, self.v3_dtype, False, collections.OrderedDict()))
        return (torch._utils._rebuild_tensor_v2, (storage, offset, size, stride, False, collections.OrderedDict()))


class Parameter:
    def __init__(self, tensor):
        self.tensor = tensor

    def __reduce_ex__(self, protocol):
        return (torch._utils._rebuild_parameter, (self.tensor, True, collections.OrderedDict()))


def persistent_id(obj, legacy=False):
    if isinstance(obj, Storage):
        if legacy:
            return ("storage", obj.cls, obj.key, "cpu", obj.numel, None)
        return ("storage", obj.cls, obj.key, "cpu", obj.numel)
    return None


def dumps(obj, protocol, legacy=False):
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=protocol)
    p.persistent_id = lambda o: persistent_id(o, legacy)
    p.dump(obj)
    return buf.getvalue()


def state_dict():
    s0 = Storage(torch.HalfStorage, "0", 6)
    s1 = Storage(torch.FloatStorage, "1", 12)
    s2 = Storage(torch.UntypedStorage, "2", 4)
    sd = collections.OrderedDict()
    sd["model.conv.weight"] = Tensor(s0, 0, (2, 3), (3, 1))
    sd["model.conv.bias"] = Parameter(Tensor(s1, 4, (2, 2), (1, 2)))  # offset, transposed strides
    sd["model.fp8.weight"] = Tensor(s2, 0, (4,), (1,), v3_dtype=torch.float8_e4m3fn)
    sd["model.shared"] = sd["model.conv.weight"]  # the same tensor twice (memo)
    return {"state_dict": sd, "epoch": 6, "global_step": 470000, "name": "lantern"}


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# data.pkl of a torch.save zip, in every protocol (torch writes 2 by default)
for protocol in range(1, 6):  # protocol 0 writes persistent ids as text, which torch never does
    write("state_dict_p%d.pkl" % protocol, dumps(state_dict(), protocol))

# a real zip written by CPython's zipfile (deflated data.pkl), for the zip reader
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr("lantern/data.pkl", dumps(state_dict(), 2))
    z.writestr("lantern/byteorder", "little")
    z.writestr("lantern/data/0", b"\0" * 12)
    z.writestr("lantern/data/1", b"\0" * 48)
    z.writestr("lantern/data/2", b"\0" * 4)
    z.writestr("lantern/version", "3\n")
write("zipfile_deflated.pt", buf.getvalue())

# a legacy torch.save file (_use_new_zipfile_serialization=False): magic, protocol, sys_info,
# the object, the sorted storage keys, then each storage as an 8-byte element count and its bytes
legacy = io.BytesIO()
legacy.write(pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2))
legacy.write(pickle.dumps(1001, protocol=2))
legacy.write(pickle.dumps(dict(protocol_version=1001, little_endian=True,
                                type_sizes=dict(short=2, int=4, long=4)), protocol=2))
s0 = Storage(torch.FloatStorage, "94114224", 4)
s1 = Storage(torch.LongStorage, "94114480", 1)
legacy.write(dumps({"string_to_param": {"*": Tensor(s0, 0, (1, 4), (4, 1))},
                    "string_to_token": {"*": Tensor(s1, 0, (), ())},
                    "name": "lantern-embedding", "step": 1500}, 2, legacy=True))
legacy.write(pickle.dumps(["94114224", "94114480"], protocol=2))
legacy.write(struct.pack("<q", 4) + b"\0" * 16)
legacy.write(struct.pack("<q", 1) + b"\0" * 8)
write("legacy_embedding.pt", legacy.getvalue())


class Reduce:
    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


# malicious pickles, as an attacker would write them with pickle itself
write("posix_system_p0.pkl", pickle.dumps(Reduce(os.system, "echo tsr-would-run-this"), protocol=0))
write("posix_system_p2.pkl", pickle.dumps({"weights": Reduce(os.system, "echo tsr-would-run-this")}, protocol=2))
write("builtins_eval_p4.pkl", pickle.dumps(Reduce(eval, "print('tsr-would-run-this')"), protocol=4))
write("builtins_exec_p5.pkl", pickle.dumps([1, Reduce(exec, "print('tsr-would-run-this')")], protocol=5))

for name in sorted(os.listdir(HERE)):
    if not name.endswith(".py"):
        print("%6d  %s" % (os.path.getsize(os.path.join(HERE, name)), name))
