package dev.gatewise.gateway.files;

import dev.gatewise.files.FileService;
import dev.gatewise.files.FileSettings;
import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.access.AccessCheck;
import dev.gatewise.im.store.ChatStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The files role: uploads and downloads under {@code /files}, bytes under {@code gateway.files.directory}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.roles.files", havingValue = "true", matchIfMissing = true)
public class FilesConfiguration {
    @Bean(destroyMethod = "close")
    public FileService fileService(GatewayProperties properties, ChatStores stores, AccessCheck access,
                                   MeterRegistry registry) throws IOException {
        FileSettings settings = properties.getFiles();
        // Unset or relative: under the data directory.
        String directory = settings.getDirectory() == null ? "files" : settings.getDirectory();
        settings.setDirectory(properties.getDataDir().resolve(directory).toString());
        return new FileService(settings, stores, access, registry);
    }

    @Bean
    public RouteSource fileRoutes(FileService files) {
        return files::routes;
    }
}
