package io.raftkv.server.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A client write as it travels in a log entry. {@code client} and {@code seq} identify it, so that a
 * retried command (same seq) is applied at most once (thesis §6.3).
 *
 * @param expected for CAS, the value the key must have (null = absent)
 */
record KvCommand(int client, long seq, Kind kind, String key, String value, String expected) {
    enum Kind { PUT, DELETE, CAS }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(client);
            out.writeLong(seq);
            out.writeByte(kind.ordinal());
            out.writeUTF(key);
            writeNullable(out, value);
            writeNullable(out, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KvCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int client = in.readInt();
            long seq = in.readLong();
            Kind kind = Kind.values()[in.readByte()];
            String key = in.readUTF();
            return new KvCommand(client, seq, kind, key, readNullable(in), readNullable(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
