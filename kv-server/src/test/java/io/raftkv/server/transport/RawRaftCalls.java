package io.raftkv.server.transport;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.helidon.common.tls.TlsConfig;
import io.helidon.webclient.grpc.GrpcClient;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven client for tests that must send what {@link RaftTransport} never would: it writes
 * the given requests on one call of {@code method}, half-closes and returns how the call ended.
 */
final class RawRaftCalls {
    private RawRaftCalls() {
    }

    static Channel channel(URI address) {
        return GrpcClient.builder()
                .baseUri(address)
                .tls(TlsConfig.builder().enabled(false).buildPrototype())
                .build()
                .channel();
    }

    static <Q, R> Status call(URI address, MethodDescriptor<Q, R> method, List<Q> requests) {
        ClientCall<Q, R> call = channel(address).newCall(method, CallOptions.DEFAULT);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);
        requests.forEach(call::sendMessage);
        call.halfClose();
        return closed.orTimeout(LoopbackNode.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
