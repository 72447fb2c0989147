package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Where a cut goes, and what it leaves at the edge. */
class CutsTest {

    static final String RANDOM = "q3Jx9ZkT2vWmPb7LdR4sNf8HcYg6Ue1A";

    @Test
    void nothingToCut() {
        assertNull(Cuts.head(null, 3));
        assertNull(Cuts.tail(null, 3));
        String text = "abc";
        assertSame(text, Cuts.head(text, 3));
        assertSame(text, Cuts.tail(text, 3));
        assertEquals("\n... (3 more characters left out)", Cuts.head(text, 0));
        assertEquals("(3 earlier characters left out) ...\n", Cuts.tail(text, -1));
    }

    @Test
    void aTokenSplitByTheCutGoesIfWhatIsLeftIsLongEnoughToRecognise() {
        assertEquals("x <redacted>\n... (22 more characters left out)", Cuts.head("x " + RANDOM, 12));
        assertEquals("x q3Jx9Zk\n... (25 more characters left out)", Cuts.head("x " + RANDOM, 9));
        assertEquals("(22 earlier characters left out) ...\n<redacted> y", Cuts.tail(RANDOM + " y", 12));
        assertEquals("(26 earlier characters left out) ...\ng6Ue1A y", Cuts.tail(RANDOM + " y", 8));
        assertEquals("x \n... (32 more characters left out)", Cuts.head("x " + RANDOM, 2));
    }

    @Test
    void aCutNearALineBreakGoesThereAndAWrappedTokenAtTheEdgeGoesWhole() {
        String block = "log line one\n" + RANDOM + "\n" + RANDOM + "\n" + "abc123\nnext line of the log\n";
        assertEquals("(13 earlier characters left out) ...\n<redacted>\nnext line of the log\n",
                Cuts.tail(block, block.length() - 13));
        assertEquals("(46 earlier characters left out) ...\n<redacted>\nnext line of the log\n",
                Cuts.tail(block, block.length() - 40));
        String head = "first\n" + RANDOM + "\n" + RANDOM + "\n" + RANDOM + "Z and more words here";
        assertEquals("first\n<redacted>\n\n... (53 more characters left out)", Cuts.head(head, 80));
        String words = "first\nStarting\nsecond line that is long\n";
        assertEquals("(6 earlier characters left out) ...\nStarting\nsecond line that is long\n", Cuts.tail(words, 35));
        assertEquals("first\nStarting\n\n... (25 more characters left out)", Cuts.head(words, 20));
        assertEquals("(6 earlier characters left out) ...\n<redacted>\nb c\n", Cuts.tail("first\n" + RANDOM + "\nb c\n", 37));
        assertEquals("(6 earlier characters left out) ...\nshort\nb c\n", Cuts.tail("first\nshort\nb c\n", 10));
    }
}
