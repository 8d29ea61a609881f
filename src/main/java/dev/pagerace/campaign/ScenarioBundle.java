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
public record ScenarioBundle(String main, List<String> names, List<String> texts, String hash) implements CrossNode {

    /** Reads a scenario file and its imports from disk. */
    public static ScenarioBundle read(Path file) throws ScenarioException {
        Loader.Read read = new Loader.Read();
        Loader.load(file, read);
        String main = read.files().keySet().iterator().next();
        return of(main, read.files());
    }

    public static ScenarioBundle of(String main, Map<String, String> files) {
        List<String> names = new ArrayList<>(files.keySet());
        List<String> texts = new ArrayList<>();
        for (String n : names) texts.add(files.get(n));
        return new ScenarioBundle(main, List.copyOf(names), List.copyOf(texts), hash(names, texts));
    }

    public Scenario load() throws ScenarioException {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) files.put(names.get(i), texts.get(i));
        return Loader.fromBundle(main, files);
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
