package io.raftkv.server.kv;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** get and list over the store: byte order, prefixes, binary keys, paging at exact boundaries. */
class ListingTest {
    @TempDir
    Path dir;
    KvFixture kv;

    @BeforeEach
    void open() {
        kv = new KvFixture(dir);
    }

    @AfterEach
    void close() {
        kv.close();
    }

    private void put(byte[]... keys) {
        for (byte[] key : keys) {
            kv.applyOne(Commands.put(key, b("v:" + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1))));
        }
    }

    private static List<String> keys(Page page) {
        return page.items().stream().map(kv -> new String(kv.key(), java.nio.charset.StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void listsAPrefixInByteOrderAndPagesExactly() {
        put(b("app/c"), b("app/a"), b("apple"), b("app/b"), b("b"), b("app"));
        Page first = kv.machine().list(b("app/"), new byte[0], 2, false);
        assertThat(keys(first)).containsExactly("app/a", "app/b");
        assertThat(first.more()).isTrue();
        assertThat(first.next()).isEqualTo(b("app/c"));

        Page last = kv.machine().list(b("app/"), first.next(), 2, false);
        assertThat(keys(last)).containsExactly("app/c");
        assertThat(last.more()).isFalse();
        assertThat(last.next()).isNull();

        // A page that ends exactly at the last key says there is no more.
        Page exact = kv.machine().list(b("app/"), new byte[0], 3, false);
        assertThat(keys(exact)).containsExactly("app/a", "app/b", "app/c");
        assertThat(exact.more()).isFalse();

        assertThat(keys(kv.machine().list(new byte[0], b("apple"), 10, false))).containsExactly("apple", "b");
        assertThat(kv.machine().list(b("zzz"), new byte[0], 10, false).items()).isEmpty();
    }

    @Test
    void keysOnlyKeepsTheMetadataWithoutTheValue() {
        put(b("a"), b("a"));
        KeyValue listed = kv.machine().list(new byte[0], new byte[0], 10, true).items().getFirst();
        assertThat(listed).isEqualTo(new KeyValue(b("a"), new byte[0], 1, 2, 2));
        assertThat(kv.machine().list(new byte[0], new byte[0], 10, false).items().getFirst().value()).isEqualTo(b("v:a"));
    }

    @Test
    void binaryKeysSortUnsignedAndPageAcrossFfBytes() {
        byte[][] keys = {{(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xFF, 0x00}, {0x00}, {0x7F},
                {(byte) 0x80}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}};
        put(keys);
        List<byte[]> seen = new ArrayList<>();
        byte[] start = new byte[0];
        int pages = 0;
        while (true) {
            Page page = kv.machine().list(new byte[0], start, 2, false);
            page.items().forEach(item -> seen.add(item.key()));
            pages++;
            if (!page.more()) {
                break;
            }
            start = page.next();
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactly(new byte[] {0x00}, new byte[] {0x7F}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFF, 0x00}, new byte[] {(byte) 0xFF, (byte) 0xFF},
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

        Page ffPrefix = kv.machine().list(new byte[] {(byte) 0xFF, (byte) 0xFF}, new byte[0], 1, true);
        assertThat(ffPrefix.items()).extracting(KeyValue::key).containsExactly(new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThat(ffPrefix.next()).isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void getReturnsDefensiveCopiesAndRejectsNothingOdd() {
        put(b("k"));
        KeyValue value = kv.machine().get(b("k")).orElseThrow();
        value.value()[0] = 'X';
        assertThat(kv.machine().get(b("k")).orElseThrow().value()).isEqualTo(b("v:k"));
        assertThat(kv.machine().get(new byte[0])).isEmpty();
        assertThat(kv.machine().get(b("missing"))).isEmpty();
        assertThatThrownBy(() -> kv.machine().list(new byte[0], new byte[0], 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
