package io.raftkv.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket, written by hand: it sends exactly the
 * bytes it is given, so tests can send requests no HTTP client would build (a bad percent-escape,
 * garbage), and the load generator can send requests with no client overhead at all. One
 * request at a time; not thread-safe.
 */
public final class RawHttp implements Closeable {
    /** A response: its status, its headers (names in lower case) and its body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code METHOD target HTTP/1.1} with a Host and, if there is a body, a Content-Length. */
    public static byte[] request(String method, String target, String host, byte[] body) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (body.length > 0 || method.equals("PUT") ? "Content-Length: " + body.length + "\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Sends {@code request} as is and reads one response. */
    public Response exchange(byte[] request) throws IOException {
        send(request);
        return read();
    }

    /** Sends bytes without reading anything back. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response; for a {@code HEAD} request's answer use it only on bodiless statuses. */
    public Response read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        return new Response(status, headers, body(status, headers));
    }

    /**
     * Sends {@code bytes} and reads whatever comes back until the server closes the connection.
     * True if it closed (or reset) it within the socket timeout, false if it kept it open.
     */
    public boolean sendAndAwaitClose(byte[] bytes) throws IOException {
        try {
            send(bytes);
            while (in.read() != -1) {
                // Discard: an error frame or status line may precede the close.
            }
            return true;
        } catch (SocketTimeoutException keptOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private byte[] body(int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304 || status / 100 == 1) {
            return new byte[0];
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return chunked();
        }
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        return in.readAllBytes();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            line();
        }
        skipUntilEmptyLine(); // the trailers, which carry nothing a caller of this class needs
        return body.toByteArray();
    }

    private void skipUntilEmptyLine() throws IOException {
        String line;
        do {
            line = line();
        } while (!line.isEmpty());
    }

    private int chunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("connection closed" + (line.isEmpty() ? "" : " after \"" + line + "\""));
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
