package dev.gatewise.gateway.media;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.hls.HlsPackager;
import dev.gatewise.hls.HlsSettings;
import dev.gatewise.hls.http.HlsAccess;
import dev.gatewise.hls.http.HlsRoutes;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.access.UrlSigning;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.media.api.StreamsApi;
import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.live.StreamViewers;
import dev.gatewise.media.rtmp.RtmpAccess;
import dev.gatewise.media.rtmp.RtmpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The media role: the RTMP relay (port 1935), the HLS packager it feeds, {@code /hls}, {@code /api/streams}, and
 * "live" events in chat when the chat role runs here too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.roles.media", havingValue = "true", matchIfMissing = true)
public class MediaConfiguration {
    /** Access checks, live events and HLS file opens: store and disk work kept off the event loops. */
    @Bean(destroyMethod = "shutdown")
    @Qualifier("media")
    public ExecutorService mediaExecutor() {
        return new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                new DefaultThreadFactory("media-io"));
    }

    @Bean(destroyMethod = "close")
    public HlsPackager hlsPackager(GatewayProperties properties, MeterRegistry registry) {
        HlsSettings settings = properties.getMedia().getHls();
        settings.setRoot(properties.getDataDir().resolve(settings.getRoot()));
        return new HlsPackager(settings, registry);
    }

    @Bean
    public LiveStreamRegistry liveStreams(HlsPackager packager, ObjectProvider<ChatNode> chat,
                                          @Qualifier("media") ExecutorService executor) {
        var streams = new LiveStreamRegistry();
        streams.addSinkFactory(packager);
        chat.ifAvailable(node -> streams.addListener(new LiveEvents(node, executor)));
        return streams;
    }

    /** Who may watch which stream, over RTMP, HLS and in /api/streams, with links signed by the nodes' one key. */
    @Bean
    public StreamViewers streamViewers(GatewayProperties properties, LiveStreamRegistry streams, AccessCheck access,
                                       ChatStores stores) {
        var viewers = new StreamViewers(streams, access,
                UrlSigning.of(stores, properties.getMedia().getHls().getSignedUrlTtl()));
        streams.addListener(viewers);
        return viewers;
    }

    /** Stopped before the packager closes (it depends on it), so every live playlist gets its end. */
    @Bean(destroyMethod = "stop")
    public RtmpServer rtmpServer(GatewayProperties properties, LiveStreamRegistry streams, HlsPackager packager,
                                 AccessCheck access, StreamViewers viewers, MeterRegistry registry,
                                 @Qualifier("media") ExecutorService executor,
                                 @Qualifier("boss") EventLoopGroup boss, @Qualifier("io") EventLoopGroup io) {
        var server = new RtmpServer(properties.getMedia().getRtmp(), streams, new RtmpAccess(access, viewers, executor),
                registry);
        server.start(boss, io);
        return server;
    }

    @Bean
    public RouteSource mediaRoutes(GatewayProperties properties, HlsPackager packager, LiveStreamRegistry streams,
                                   RtmpServer rtmp, AccessCheck access, StreamViewers viewers, ChatStores stores,
                                   @Qualifier("media") ExecutorService executor) {
        String rtmpBase = "rtmp://" + properties.getChat().getAdvertisedHost() + ":" + rtmp.boundPort() + "/live";
        var blocking = new BlockingApi(executor);
        HlsAccess hlsAccess = new HlsAccess() {
            @Override
            public boolean opens(String stream, String token) {
                return viewers.opens(stream, token);
            }

            @Override
            public void check(String stream, Credentials credentials) {
                viewers.check(Protocol.HLS, stream, credentials);
            }

            @Override
            public boolean checksWithoutWaiting() {
                // The embedded store's token and membership lookups are maps (as on the chat path).
                return stores.answersFromMemory() && !stores.backlogged();
            }
        };
        var routes = new ArrayList<>(new HlsRoutes(packager.files(), packager.live(), packager.thumbnails(),
                blocking, hlsAccess).routes());
        routes.addAll(new StreamsApi(streams, viewers, access, (name, token) -> Map.of(
                "hls", HlsRoutes.playlist(name, token), "thumbnail", HlsRoutes.thumbnail(name, token)), rtmpBase)
                .routes(blocking));
        return () -> routes;
    }

    @Bean
    public MediaHealthIndicator mediaHealthIndicator(RtmpServer rtmp, LiveStreamRegistry streams) {
        return new MediaHealthIndicator(rtmp, streams);
    }
}
