package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;

/**
 * Settings production cannot run without that belong to frameworks (database, JWT keys).
 * The prod profile points each of these at the framework property; when that property is
 * missing, start-up fails with one message that lists it together with every other missing
 * setting (object storage credentials are required by {@code StorageConfig} the same way).
 * Dev and test leave them unset: they use local defaults and generated keys.
 */
@ConfigMapping(prefix = "suishoupai.required")
public interface RequiredSettings {

    String databaseUrl();

    String jwtVerifyKey();

    String jwtSignKey();
}
