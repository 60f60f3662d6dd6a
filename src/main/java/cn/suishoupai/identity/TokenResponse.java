package cn.suishoupai.identity;

import java.util.List;

/** What every successful login or refresh returns. expiresIn is the access token's life in seconds. */
public record TokenResponse(
        String accessToken,
        String refreshToken,
        String tokenType,
        long expiresIn,
        List<String> roles,
        long accountId) {}
