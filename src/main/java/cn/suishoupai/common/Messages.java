package cn.suishoupai.common;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Localised client messages. Chinese is the default; English when the request's
 * {@code Accept-Language} prefers it. Bundles live in {@code i18n/problems[_en].properties}.
 */
public final class Messages {

    private static final ResourceBundle ZH = ResourceBundle.getBundle("i18n.problems", Locale.ROOT);
    private static final ResourceBundle EN = ResourceBundle.getBundle("i18n.problems_en", Locale.ROOT);

    private Messages() {}

    /** True when the first language in an Accept-Language header (by q-value) is English. */
    public static boolean english(List<Locale> acceptable) {
        for (Locale l : acceptable) {
            String lang = l.getLanguage();
            if (lang.equals("en")) {
                return true;
            }
            if (lang.equals("zh")) {
                return false;
            }
        }
        return false;
    }

    public static String get(boolean english, String key, Object... args) {
        ResourceBundle bundle = english ? EN : ZH;
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            try {
                pattern = ZH.getString(key);
            } catch (MissingResourceException e2) {
                return key;
            }
        }
        return args == null || args.length == 0
                ? pattern
                : new MessageFormat(pattern, english ? Locale.ENGLISH : Locale.CHINESE).format(args);
    }

    public static boolean has(String key) {
        return ZH.containsKey(key);
    }
}
