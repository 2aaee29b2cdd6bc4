package dev.gatewise.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.Voice;

/**
 * What clients see of a file, in {@code GET /files/ID/info}, one-shot upload answers and "file" chat messages.
 *
 * @param url where to download it (needs the session token, or a signed URL from {@code POST /files/ID/url})
 * @param thumbnail where its JPEG thumbnail is, or null
 * @param voice the state of its voice processing, its {@code playable} as a URL; absent unless asked for
 */
public record FileInfo(String id, String name, long size, String contentType, String sha256, String url,
                       String thumbnail, @JsonInclude(JsonInclude.Include.NON_NULL) Voice voice) {

    public static FileInfo of(FileRecord record) {
        String url = "/files/" + record.id();
        return new FileInfo(record.id(), record.name(), record.length(), record.contentType(), record.sha256(), url,
                record.thumbnail() == null ? null : url + "/thumbnail", voice(record.voice(), url));
    }

    private static Voice voice(Voice voice, String url) {
        if (voice == null || voice.playable() == null) {
            return voice;
        }
        return new Voice(voice.state(), voice.progress(), voice.durationMs(), voice.peaks(), url + "/playable",
                voice.codec(), voice.error(), voice.message());
    }
}
