package io.raftkv.server.http;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand, for requests no well-behaved client sends (an invalid %-escape in the
 * request line, a chunked body). One request per connection, or two in a row on one.
 */
final class RawHttp {
    record Response(int status, Map<String, String> headers, String body) {
        JsonObject error() {
            return Json.createReader(new StringReader(body)).readObject().getJsonObject("error");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    static Response send(int port, String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            write(socket, head + "\r\nHost: 127.0.0.1\r\nConnection: close", body);
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code head} and {@code body} on a kept-alive connection, reads the response, then sends
     * a GET of {@code rawTarget} on the same connection: the two responses, or an exception when the
     * server closed the connection after the first.
     */
    static Response[] sendThenGet(int port, String head, byte[] body, String rawTarget) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            write(socket, head + "\r\nHost: 127.0.0.1", body);
            Response first = read(socket.getInputStream());
            write(socket, "GET " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close", new byte[0]);
            return new Response[] {first, read(socket.getInputStream())};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Socket socket, String head, byte[] body) throws IOException {
        socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
    }

    static Response get(int port, String rawTarget) {
        return send(port, "GET " + rawTarget + " HTTP/1.1", new byte[0]);
    }

    /** The response's head, then its body by Content-Length (Helidon may keep the connection open). */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** A chunked body of {@code size} bytes, in 1 KiB chunks. */
    static byte[] chunked(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int sent = 0; sent < size; sent += 1024) {
            int n = Math.min(1024, size - sent);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[n]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
