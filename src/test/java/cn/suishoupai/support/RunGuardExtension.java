package cn.suishoupai.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (META-INF/services + junit-platform.properties): fails the class
 * during which a 500 was answered or an ERROR line logged, listing them (see {@link RunGuard}).
 */
public class RunGuardExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RunGuardExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        RunGuard.install(false);
        context.getStore(NS).put("mark", RunGuard.RUN.mark());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Long mark = context.getStore(NS).get("mark", Long.class);
        RunGuard.RUN.assertNoneSince(mark == null ? 0 : mark, context.getDisplayName());
    }
}
