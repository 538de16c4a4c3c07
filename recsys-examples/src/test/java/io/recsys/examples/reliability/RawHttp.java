package io.recsys.examples.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, so that requests no HTTP client library would send
 * (invalid request lines, raw non-UTF-8 bytes, conflicting headers) can be sent, and the answer
 * read with a bounded wait.
 */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * What came back.
     *
     * @param status the final status code, or -1 when the connection closed without an answer
     * @param head the status line and headers
     * @param body the body (decoded from chunks when chunked)
     * @param timedOut whether the read timed out (the server neither answered nor closed)
     */
    record Answer(int status, String head, String body, boolean timedOut) {
        boolean closedWithoutAnswer() {
            return status < 0 && !timedOut;
        }

        @Override
        public String toString() {
            return timedOut ? "timed out" : status < 0 ? "closed" : head.lines().findFirst().orElse("") + " " + abbreviate(body);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Sends {@code request} on a new connection and reads one answer. */
    static Answer exchange(int port, byte[] request, Duration readTimeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before the whole request is written: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    static Answer exchange(int port, String request, Duration readTimeout) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), readTimeout);
    }

    /** Reads one final answer (skipping 1xx), or reports a close or a timeout. */
    static Answer read(InputStream in) throws IOException {
        try {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return new Answer(-1, "", "", false);
                }
                String statusLine = head.lines().findFirst().orElse("");
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("Not an HTTP answer: " + abbreviate(statusLine));
                }
                int status = Integer.parseInt(parts[1]);
                if (status >= 100 && status < 200) {
                    continue;
                }
                return new Answer(status, head, readBody(in, head), false);
            }
        } catch (SocketTimeoutException e) {
            return new Answer(-1, "", "", true);
        } catch (java.net.SocketException e) {
            // connection reset: the server closed without answering
            return new Answer(-1, "", "", false);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
            }
            buf.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
            if (buf.size() > 1 << 20) {
                throw new IOException("Answer head larger than 1 MiB");
            }
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String readBody(InputStream in, String head) throws IOException {
        var out = new ByteArrayOutputStream();
        String length = header(head, "Content-Length");
        String te = header(head, "Transfer-Encoding");
        if (length != null) {
            out.write(in.readNBytes(Integer.parseInt(length)));
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    break;
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    readLine(in);
                    break;
                }
                out.write(in.readNBytes(n));
                readLine(in);
            }
        } else if (!head.startsWith("HTTP/1.1 204") && !head.startsWith("HTTP/1.1 304")) {
            out.write(in.readAllBytes());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString().replace("\r", "");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
