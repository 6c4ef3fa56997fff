package io.tensors.engine.plugin;

import io.tensors.api.ErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads a plugin jar's class files before any of them is loaded and finds code that would end tsr:
 * a reference to {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt} (a call, a method
 * reference or a method handle), or one of those looked up by reflection with constant names. Such a
 * plugin ends every command, {@code tsr plugins} included, with no word; refused, it is listed with
 * the reason. A guard against accidents, not a sandbox: code built or loaded at run time, native code
 * or another process can still do it.
 */
final class ExitCheck {
    private static final Set<String> OWNERS = Set.of("java/lang/System", "java/lang/Runtime");
    private static final Set<String> OWNER_NAMES = Set.of("java.lang.System", "java.lang.Runtime");
    private static final Set<String> NAMES = Set.of("exit", "halt");
    private static final byte[] EXIT = {1, 0, 4, 'e', 'x', 'i', 't'};
    private static final byte[] HALT = {1, 0, 4, 'h', 'a', 'l', 't'};

    private ExitCheck() {}

    /** @return why the jar is refused (one line naming the class and method), or null when none of its classes ends tsr */
    static String check(JarFile jar) throws IOException {
        List<JarEntry> classes = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                classes.add(entry);
            }
        }
        for (JarEntry entry : classes) {
            byte[] bytes;
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            String found;
            try {
                found = check(bytes);
            } catch (RuntimeException e) {
                // what cannot be read here cannot be checked, so it is not run either
                return entry.getName() + " cannot be read as a class file (" + ErrorText.describe(e)
                        + "); replace the jar with a valid build";
            }
            if (found != null) {
                return "refused: " + found + ", which would end tsr; remove the jar, or have its author throw an exception instead";
            }
        }
        return null;
    }

    /** @return what the class does that ends tsr ("p.X.apiVersion() calls System.exit"), or null */
    static String check(byte[] bytes) {
        if (!hasNameEntry(bytes, EXIT) && !hasNameEntry(bytes, HALT)) {
            return null; // most classes: with no "exit" or "halt" in the constant pool, nothing can refer to them
        }
        if (bytes.length >= 8 && ((bytes[6] & 0xff) << 8 | bytes[7] & 0xff) > ClassFile.latestMajorVersion()) {
            return null; // compiled for a newer Java: this JVM refuses to load it, and loading says so
        }
        ClassModel model = ClassFile.of().parse(bytes);
        MemberRefEntry exit = null;
        boolean exitName = false;
        boolean ownerName = false;
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof MemberRefEntry ref && ends(ref) && exit == null) {
                exit = ref;
            } else if (entry instanceof StringEntry s) {
                exitName |= NAMES.contains(s.stringValue());
                ownerName |= OWNER_NAMES.contains(s.stringValue());
            }
        }
        String type = model.thisClass().asInternalName().replace('/', '.');
        if (exit != null) {
            // a call, or a method reference or handle (an invokedynamic's or ldc's argument): name the method that has it
            String target = simpleOwner(exit.owner()) + "." + exit.name().stringValue();
            for (MethodModel method : model.methods()) {
                if (method.code().isPresent() && refersToExit(method.code().get())) {
                    return type + "." + method.methodName().stringValue() + "() calls " + target;
                }
            }
            return type + " refers to " + target;
        }
        if (exitName && (ownerName || model.methods().stream().anyMatch(m -> loads(m, ExitCheck::isOwnerClass)))) {
            // System.class.getMethod("exit", int.class), Class.forName("java.lang.Runtime"), MethodHandles' findStatic
            for (MethodModel method : model.methods()) {
                if (loads(method, e -> e instanceof StringEntry s && NAMES.contains(s.stringValue()))) {
                    return type + "." + method.methodName().stringValue() + "() looks up System.exit or Runtime.halt by reflection";
                }
            }
            return type + " looks up System.exit or Runtime.halt by reflection";
        }
        return null;
    }

    /** @return whether the class file holds the constant pool entry CONSTANT_Utf8 {@code name} (tag 1, u2 length, bytes) */
    private static boolean hasNameEntry(byte[] bytes, byte[] entry) {
        outer:
        for (int i = 0; i <= bytes.length - entry.length; i++) {
            for (int j = 0; j < entry.length; j++) {
                if (bytes[i + j] != entry[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean ends(MemberRefEntry ref) {
        String owner = ref.owner().asInternalName();
        String name = ref.name().stringValue();
        return owner.equals("java/lang/System") ? name.equals("exit") : owner.equals("java/lang/Runtime") && NAMES.contains(name);
    }

    private static boolean refersToExit(Iterable<CodeElement> code) {
        for (CodeElement element : code) {
            switch (element) {
                case InvokeInstruction invoke when ends(invoke.method()) -> {
                    return true;
                }
                case InvokeDynamicInstruction indy when
                        indy.invokedynamic().bootstrap().arguments().stream().anyMatch(ExitCheck::isExitHandle) -> {
                    return true;
                }
                case ConstantInstruction.LoadConstantInstruction ldc when isExitHandle(ldc.constantEntry()) -> {
                    return true;
                }
                default -> {}
            }
        }
        return false;
    }

    private static boolean isExitHandle(PoolEntry entry) {
        return entry instanceof MethodHandleEntry handle && ends(handle.reference());
    }

    /** @return whether the method's code loads a constant (ldc) that matches */
    private static boolean loads(MethodModel method, Predicate<PoolEntry> constant) {
        if (method.code().isEmpty()) {
            return false;
        }
        for (CodeElement element : method.code().get()) {
            if (element instanceof ConstantInstruction.LoadConstantInstruction ldc && constant.test(ldc.constantEntry())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOwnerClass(PoolEntry entry) {
        return entry instanceof ClassEntry c && OWNERS.contains(c.asInternalName());
    }

    private static String simpleOwner(ClassEntry owner) {
        String name = owner.asInternalName();
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
