package dev.gatewise.bench.files;

import java.nio.file.Path;
import java.util.List;

/** A server files go up to and come down from, driven by curl with the arguments this gives. */
public interface FileTarget extends AutoCloseable {
    String name();

    /** The server's process; CPU is counted over it and its children. */
    long pid();

    /** Makes {@code file} downloadable (uploading it as a client would, if need be); its URL. */
    String publish(Path file) throws Exception;

    /** curl config lines that make every transfer an upload of {@code file} (method, body, headers). */
    List<String> smallUploadOptions(Path file);

    /** Where small upload number {@code index} goes (the index keeps names apart). */
    String smallUploadUrl(int index);

    /** curl arguments for one streamed upload of a large file. */
    List<String> largeUpload(Path file);

    /** Headers downloads need (a token). */
    List<String> downloadHeaders();

    @Override
    void close();
}
