package dev.gatewise.teamtalk.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vectors made by TeamTalk's web client's own algorithm (js/im.js: padText over CryptoJS's big-endian words, the
 * length from getStringLength, AES-256-ECB without padding, Base64), replayed with Node's crypto module. For ASCII and
 * CJK text our bytes are the client's exactly; for text whose length the client miscounts (it counts every non-ASCII
 * character as three bytes) only its suffix differs, and we read its text back all the same.
 */
class TextCipherTest {
    private final TextCipher cipher = new TextCipher();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello|nnZSBwfPCz60q69ddmfIJA==",
            "你好世界|9PN7WjqGZZFFAIZ7nPipAA==",
            "exactly twelve|bfiZCBakRHLHLG853EwofXWXrZFfV+UBo37vcxL/NUY=",
            "0123456789ab|pjioVtcJuh77LuSiew7aJw==",
            "0123456789abc|TAzR6N1CfvlADH+XckBekQr+GZ43+2mMfQMFqTsGBjY=",
            "''|e5RnnlJkv4QGnGhkMwfvgA=="})
    void encryptsAsTheClientsDo(String text, String base64) {
        assertThat(new String(cipher.encrypt(text), StandardCharsets.US_ASCII)).isEqualTo(base64);
        assertThat(cipher.decrypt(base64.getBytes(StandardCharsets.US_ASCII))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"héllo|Ubmo9uDSoVeNawfcHf3u1A==", "😀 ok|wqkSsGbDP2ifKLAm4/C3/A=="})
    void readsTheWebClientsMiscountedLengths(String text, String base64) {
        assertThat(cipher.decrypt(base64.getBytes(StandardCharsets.US_ASCII))).isEqualTo(text);
        assertThat(cipher.decrypt(cipher.encrypt(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"not base64 at all!", "aGVsbG8="})
    void refusesWhatIsNotCipherText(String data) {
        assertThatThrownBy(() -> cipher.decrypt(data.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
