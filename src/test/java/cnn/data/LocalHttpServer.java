package cnn.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A static file server on 127.0.0.1 with the failure modes the download tests need. */
final class LocalHttpServer implements AutoCloseable {
    /** One request as the server saw it: path and Range header (null if none). */
    record Request(String path, String range) {
    }

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean supportsRange = true;
    /** The first this-many requests send only half the body and then drop the connection. */
    final AtomicInteger dropsLeft = new AtomicInteger();
    /** The first this-many requests get 503. */
    final AtomicInteger unavailableLeft = new AtomicInteger();
    private final HttpServer server;

    LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        try (exchange) {
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (unavailableLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            int from = 0;
            if (range != null && supportsRange) {
                from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            OutputStream out = exchange.getResponseBody();
            if (dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write(body, from, (body.length - from) / 2);
                out.flush();
                throw new IOException("test server drops the connection halfway");
            }
            out.write(body, from, body.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
