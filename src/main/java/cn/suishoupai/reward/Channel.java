package cn.suishoupai.reward;

/** How a reward is paid: phone credit (话费, the usual), a WeChat transfer, or a bank transfer. */
public enum Channel { PHONE_CREDIT, WECHAT, BANK }
