package io.tensors.plugins.pickle;

import java.util.Map;

/**
 * Element types of torch storage classes ({@code torch.HalfStorage}) and dtypes
 * ({@code torch.float8_e4m3fn}), named as safetensors names them where it has a name (F16, BF16,
 * F8_E4M3...), else in the same style (C128, QI8, F8_E5M2FNUZ).
 */
final class TorchTypes {
    /** An element type and its size in bytes. */
    record Element(String dtype, int bytes) {}

    static final Element UNTYPED = new Element("U8", 1);

    private static final Map<String, Element> STORAGES = Map.ofEntries(
            Map.entry("DoubleStorage", new Element("F64", 8)),
            Map.entry("FloatStorage", new Element("F32", 4)),
            Map.entry("HalfStorage", new Element("F16", 2)),
            Map.entry("BFloat16Storage", new Element("BF16", 2)),
            Map.entry("LongStorage", new Element("I64", 8)),
            Map.entry("IntStorage", new Element("I32", 4)),
            Map.entry("ShortStorage", new Element("I16", 2)),
            Map.entry("CharStorage", new Element("I8", 1)),
            Map.entry("ByteStorage", new Element("U8", 1)),
            Map.entry("BoolStorage", new Element("BOOL", 1)),
            Map.entry("ComplexFloatStorage", new Element("C64", 8)),
            Map.entry("ComplexDoubleStorage", new Element("C128", 16)),
            Map.entry("QInt8Storage", new Element("QI8", 1)),
            Map.entry("QUInt8Storage", new Element("QU8", 1)),
            Map.entry("QInt32Storage", new Element("QI32", 4)),
            Map.entry("QUInt4x2Storage", new Element("QU4X2", 1)),
            Map.entry("QUInt2x4Storage", new Element("QU2X4", 1)),
            Map.entry("UntypedStorage", UNTYPED));

    private static final Map<String, Element> DTYPES = Map.ofEntries(
            Map.entry("float64", new Element("F64", 8)), Map.entry("double", new Element("F64", 8)),
            Map.entry("float32", new Element("F32", 4)), Map.entry("float", new Element("F32", 4)),
            Map.entry("float16", new Element("F16", 2)), Map.entry("half", new Element("F16", 2)),
            Map.entry("bfloat16", new Element("BF16", 2)),
            Map.entry("int64", new Element("I64", 8)), Map.entry("long", new Element("I64", 8)),
            Map.entry("int32", new Element("I32", 4)), Map.entry("int", new Element("I32", 4)),
            Map.entry("int16", new Element("I16", 2)), Map.entry("short", new Element("I16", 2)),
            Map.entry("int8", new Element("I8", 1)), Map.entry("uint8", new Element("U8", 1)),
            Map.entry("uint16", new Element("U16", 2)), Map.entry("uint32", new Element("U32", 4)),
            Map.entry("uint64", new Element("U64", 8)), Map.entry("bool", new Element("BOOL", 1)),
            Map.entry("complex32", new Element("C32", 4)), Map.entry("chalf", new Element("C32", 4)),
            Map.entry("complex64", new Element("C64", 8)), Map.entry("cfloat", new Element("C64", 8)),
            Map.entry("complex128", new Element("C128", 16)), Map.entry("cdouble", new Element("C128", 16)),
            Map.entry("float8_e5m2", new Element("F8_E5M2", 1)),
            Map.entry("float8_e4m3fn", new Element("F8_E4M3", 1)),
            Map.entry("float8_e5m2fnuz", new Element("F8_E5M2FNUZ", 1)),
            Map.entry("float8_e4m3fnuz", new Element("F8_E4M3FNUZ", 1)),
            Map.entry("float8_e8m0fnu", new Element("F8_E8M0", 1)),
            Map.entry("float4_e2m1fn_x2", new Element("F4_X2", 1)),
            Map.entry("bits8", new Element("BITS8", 1)), Map.entry("bits16", new Element("BITS16", 2)),
            Map.entry("bits1x8", new Element("BITS1X8", 1)), Map.entry("bits2x4", new Element("BITS2X4", 1)),
            Map.entry("bits4x2", new Element("BITS4X2", 1)),
            Map.entry("qint8", new Element("QI8", 1)), Map.entry("quint8", new Element("QU8", 1)),
            Map.entry("qint32", new Element("QI32", 4)), Map.entry("quint4x2", new Element("QU4X2", 1)),
            Map.entry("quint2x4", new Element("QU2X4", 1)));

    private TorchTypes() {}

    /** @return the element of a storage class global ({@code torch}/{@code torch.cuda} {@code .HalfStorage}), or null */
    static Element storage(Value value) {
        if (value instanceof Value.Global g && g.module != null && g.name != null
                && (g.module.equals("torch") || g.module.equals("torch.cuda") || g.module.equals("torch.storage"))) {
            return STORAGES.get(g.name);
        }
        return null;
    }

    /** @return the element of a dtype global ({@code torch.float8_e4m3fn}), or null */
    static Element dtype(Value value) {
        if (value instanceof Value.Global g && "torch".equals(g.module) && g.name != null) {
            return DTYPES.get(g.name);
        }
        return null;
    }
}
