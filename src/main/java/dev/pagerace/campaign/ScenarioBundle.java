package dev.pagerace.campaign;

import dev.pagerace.lang.Loader;
import dev.pagerace.lang.Scenario;
import dev.pagerace.lang.ScenarioException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario as it travels to worker nodes: the main file and every file it
 * imports, by display name, and a hash of all of them. Workers load from the
 * bundle, never from their own disks, so every node runs the same text and
 * reports the same positions.
 */
public record ScenarioBundle(String main, List<String> names, List<String> texts, String hash, List<String> places) implements CrossNode {

    /** Reads a scenario file and its imports from disk. */
    public static ScenarioBundle read(Path file) throws ScenarioException {
        Loader.Read read = new Loader.Read();
        Loader.load(file, read);
        String main = read.files().keySet().iterator().next();
        // display names depend on the driver's working directory (an import outside it has an absolute name), so
        // the bundle also keys each file by its place relative to the main file, which is what imports are resolved by
        Path dir = read.paths().get(main).getParent();
        Map<String, String> places = new LinkedHashMap<>();
        for (var e : read.paths().entrySet()) places.put(e.getKey(), dir.relativize(e.getValue()).toString().replace('\\', '/'));
        return of(main, read.files(), places);
    }

    public static ScenarioBundle of(String main, Map<String, String> files) {
        Map<String, String> places = new LinkedHashMap<>();
        for (String n : files.keySet()) places.put(n, n);
        return of(main, files, places);
    }

    static ScenarioBundle of(String main, Map<String, String> files, Map<String, String> places) {
        List<String> names = new ArrayList<>(files.keySet());
        List<String> texts = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String n : names) {
            texts.add(files.get(n));
            where.add(places.getOrDefault(n, n));
        }
        return new ScenarioBundle(main, List.copyOf(names), List.copyOf(texts), hash(names, texts), List.copyOf(where));
    }

    public Scenario load() throws ScenarioException {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            files.put(names.get(i), texts.get(i));
            where.put(names.get(i), places == null || i >= places.size() ? names.get(i) : places.get(i));
        }
        return Loader.fromBundle(main, files, where);
    }

    private static String hash(List<String> names, List<String> texts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < names.size(); i++) {
                d.update(names.get(i).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(texts.get(i).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
