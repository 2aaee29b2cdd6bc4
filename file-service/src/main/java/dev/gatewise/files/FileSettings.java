package dev.gatewise.files;

import java.time.Duration;

/**
 * Settings of the file service, with defaults for one node. A JavaBean so the gateway binds it from
 * {@code gateway.files.*}.
 */
public class FileSettings {
    /** Where file bytes are kept on local disk; the gateway defaults it to {@code DATA_DIR/files}. */
    private String directory;
    /** Largest file, in bytes (413 above); advertised as Tus-Max-Size. */
    private long maxFileSize = 4L * 1024 * 1024 * 1024;
    /** Bytes one user's files may take, unfinished uploads counting at their declared length (403 above). */
    private long userQuota = 20L * 1024 * 1024 * 1024;
    /** An upload not finished this long after it began is deleted. */
    private Duration uploadExpiry = Duration.ofHours(24);
    /** How often expired uploads are looked for. */
    private Duration cleanupInterval = Duration.ofMinutes(5);
    /** Lifetime of a signed download URL (for an <img> tag, which cannot send a header). */
    private Duration signedUrlTtl = Duration.ofHours(1);
    /** Longest side of an image's thumbnail, in pixels. */
    private int thumbnailSize = 320;
    /** Images with more pixels get no thumbnail (decompression bombs). */
    private long maxThumbnailSourcePixels = 50_000_000L;
    /** During a long upload request, progress is made durable every this many bytes, so a crash loses at most this much. */
    private long checkpointBytes = 64L * 1024 * 1024;
    /**
     * Force each request's bytes to disk before its progress is recorded, so an upload survives a power loss, not
     * only a crash of the server; costs a disk flush per request (about 20 ms on a cloud VM). Off by default, like
     * the embedded store's fsync.
     */
    private boolean fsync = false;
    /** Threads for disk and store work (upload writes, checksums, records, download opens); they block on the store. */
    private int ioThreads = 16;
    /** Longest voice clip taken (a longer one fails with too_long). */
    private Duration maxVoiceDuration = Duration.ofMinutes(5);
    /** Threads decoding and transcoding voice clips: each keeps one core busy while it works. */
    private int voiceThreads = 1;
    /** Voice clips waiting for a thread; beyond that, 503 busy. */
    private int voiceQueue = 16;

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public long getMaxFileSize() {
        return maxFileSize;
    }

    public void setMaxFileSize(long maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    public long getUserQuota() {
        return userQuota;
    }

    public void setUserQuota(long userQuota) {
        this.userQuota = userQuota;
    }

    public Duration getUploadExpiry() {
        return uploadExpiry;
    }

    public void setUploadExpiry(Duration uploadExpiry) {
        this.uploadExpiry = uploadExpiry;
    }

    public Duration getCleanupInterval() {
        return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
        this.cleanupInterval = cleanupInterval;
    }

    public Duration getSignedUrlTtl() {
        return signedUrlTtl;
    }

    public void setSignedUrlTtl(Duration signedUrlTtl) {
        this.signedUrlTtl = signedUrlTtl;
    }

    public int getThumbnailSize() {
        return thumbnailSize;
    }

    public void setThumbnailSize(int thumbnailSize) {
        this.thumbnailSize = thumbnailSize;
    }

    public long getMaxThumbnailSourcePixels() {
        return maxThumbnailSourcePixels;
    }

    public void setMaxThumbnailSourcePixels(long maxThumbnailSourcePixels) {
        this.maxThumbnailSourcePixels = maxThumbnailSourcePixels;
    }

    public long getCheckpointBytes() {
        return checkpointBytes;
    }

    public void setCheckpointBytes(long checkpointBytes) {
        this.checkpointBytes = checkpointBytes;
    }

    public boolean isFsync() {
        return fsync;
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Duration getMaxVoiceDuration() {
        return maxVoiceDuration;
    }

    public void setMaxVoiceDuration(Duration maxVoiceDuration) {
        this.maxVoiceDuration = maxVoiceDuration;
    }

    public int getVoiceThreads() {
        return voiceThreads;
    }

    public void setVoiceThreads(int voiceThreads) {
        this.voiceThreads = voiceThreads;
    }

    public int getVoiceQueue() {
        return voiceQueue;
    }

    public void setVoiceQueue(int voiceQueue) {
        this.voiceQueue = voiceQueue;
    }
}
