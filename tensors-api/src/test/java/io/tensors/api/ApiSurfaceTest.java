package io.tensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the public surface of tensors-api (the facade and the SPI) to the committed listing
 * {@code src/test/resources/api-surface.txt}, so that changing it is a deliberate act. After an
 * intended change, regenerate the listing with
 * {@code mvn -B -o -pl tensors-api test -Dtest=ApiSurfaceTest -Dtsr.api.update=true} and commit it.
 */
class ApiSurfaceTest {
    static final String LISTING = "api-surface.txt";

    @Test
    void thePublicSurfaceMatchesTheCommittedListing() throws Exception {
        String actual = String.join("\n", surface()) + "\n";
        Path source = Path.of("src/test/resources", LISTING);
        if (Boolean.getBoolean("tsr.api.update")) {
            Files.writeString(source, actual);
            return;
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/" + LISTING)) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            throw new AssertionError("the public surface of tensors-api changed:\n" + diff(expected, actual)
                    + "\nIf this is intended, regenerate the listing and commit it:\n"
                    + "  mvn -B -o -pl tensors-api test -Dtest=ApiSurfaceTest -Dtsr.api.update=true\n"
                    + "and remember: a plugin compiled against the old API must keep working (add default methods).");
        }
    }

    @Test
    void everyPluginMethodButApiVersionHasADefault() {
        for (Method method : TensorsPlugin.class.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isSynthetic() || method.getName().equals("apiVersion")) {
                continue;
            }
            assertThat(method.isDefault()).as("TensorsPlugin.%s must be a default method, or older plugins break", method.getName())
                    .isTrue();
        }
        assertThat(Arrays.stream(TensorsPlugin.class.getDeclaredMethods()).filter(m -> m.getName().equals("apiVersion")))
                .singleElement().matches(m -> !m.isDefault(), "apiVersion() has no default body");
    }

    /** Every public type of io.tensors.api with its public members, one sorted line each. */
    static List<String> surface() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(TensorsPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> walk = Files.walk(classes)) {
            names = walk.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.startsWith("io/tensors/api/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
        TreeSet<String> lines = new TreeSet<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, TensorsPlugin.class.getClassLoader());
            if (!isPublic(type)) {
                continue;
            }
            String t = type.getName();
            lines.add(t + " " + kind(type) + supertypes(type));
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    lines.add(t + " component " + c.getGenericType().getTypeName() + " " + c.getName());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) || type.isInterface()) {
                    lines.add(t + " field " + modifiers(f.getModifiers() & (Modifier.STATIC | Modifier.FINAL)) + f.getGenericType().getTypeName()
                            + " " + f.getName());
                }
            }
            for (var c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) {
                    lines.add(t + " constructor(" + params(c.getGenericParameterTypes()) + ")");
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge() || !(Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()))) {
                    continue;
                }
                lines.add(t + " method " + (m.isDefault() ? "default " : "") + modifiers(m.getModifiers() & Modifier.STATIC)
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + "(" + params(m.getGenericParameterTypes()) + ")"
                        + (m.getExceptionTypes().length == 0 ? "" : " throws " + String.join(", ",
                                Arrays.stream(m.getExceptionTypes()).map(Class::getName).toList())));
            }
        }
        return new ArrayList<>(lines);
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Class<?> type) {
        String sealed = type.isSealed() ? "sealed " : "";
        if (type.isAnnotation()) {
            return "annotation";
        }
        if (type.isInterface()) {
            return sealed + "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        if (type.isRecord()) {
            return "record";
        }
        return sealed + (Modifier.isAbstract(type.getModifiers()) ? "abstract class" : Modifier.isFinal(type.getModifiers()) ? "final class" : "class");
    }

    private static String supertypes(Class<?> type) {
        List<String> supers = new ArrayList<>();
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && type.getSuperclass() != Record.class
                && type.getSuperclass() != Enum.class) {
            supers.add(type.getGenericSuperclass().getTypeName());
        }
        for (var i : type.getGenericInterfaces()) {
            supers.add(i.getTypeName());
        }
        return supers.isEmpty() ? "" : " : " + String.join(", ", supers);
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers);
        return text.isEmpty() ? "" : text + " ";
    }

    private static String params(java.lang.reflect.Type[] types) {
        return String.join(", ", Arrays.stream(types).map(java.lang.reflect.Type::getTypeName).toList());
    }

    /** The lines only in one of the two listings, marked - (committed) and + (now). */
    private static String diff(String expected, String actual) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        StringBuilder b = new StringBuilder();
        before.stream().filter(l -> !after.contains(l)).forEach(l -> b.append("- ").append(l).append('\n'));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> b.append("+ ").append(l).append('\n'));
        return b.toString();
    }
}
