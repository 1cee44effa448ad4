package io.raftkv.server.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredValueTest {
    @Test
    void arraysAreCopiedInAndOut() {
        byte[] key = {1, 2};
        byte[] value = {3};
        StoredValue v = new StoredValue(key, value, 1, 2, 3, 4);
        key[0] = 9;
        value[0] = 9;
        v.key()[1] = 9;
        v.value()[0] = 9;
        assertThat(v.key()).containsExactly(1, 2);
        assertThat(v.value()).containsExactly(3);
        StoredRecord r = new StoredRecord(key, value);
        key[0] = 7;
        assertThat(r.key()).containsExactly(9, 2);
    }

    @Test
    void equalityIsByContent() {
        assertThat(new StoredValue(new byte[]{1}, new byte[]{2}, 1, 2, 3, 4))
                .isEqualTo(new StoredValue(new byte[]{1}, new byte[]{2}, 1, 2, 3, 4))
                .hasSameHashCodeAs(new StoredValue(new byte[]{1}, new byte[]{2}, 1, 2, 3, 4))
                .isNotEqualTo(new StoredValue(new byte[]{1}, new byte[]{2}, 1, 2, 3, 5))
                .isNotEqualTo(new StoredValue(new byte[]{1}, new byte[]{3}, 1, 2, 3, 4));
        assertThat(new StoredRecord(new byte[]{1}, new byte[0])).isEqualTo(new StoredRecord(new byte[]{1}, new byte[0]));
        assertThat(new Mutation.Delete(new byte[]{1})).isEqualTo(new Mutation.Delete(new byte[]{1}));
        assertThat(new Mutation.PutRecord(new byte[]{1}, new byte[]{2})).isEqualTo(new Mutation.PutRecord(new byte[]{1}, new byte[]{2}));
        assertThat(new Mutation.DeleteRecord(new byte[]{1})).isEqualTo(new Mutation.DeleteRecord(new byte[]{1}));
    }

    @Test
    void keysMustNotBeEmpty() {
        assertThatThrownBy(() -> new StoredValue(new byte[0], new byte[0], 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mutation.Delete(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredRecord(new byte[0], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredValue(new byte[]{1}, null, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class);
    }
}
