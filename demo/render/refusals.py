"""What platforms answer a crawler they do not want (a login wall, a captcha, 请求过于频繁), for tests."""

from __future__ import annotations

from demo.render.discuz import _DISCUZ_HEAD, DISCUZ_NAME

WEIBO_LOGIN_REQUIRED = {
    "ok": -100,
    "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo&r=https%3A%2F%2Fm.weibo.cn%2F",
}


def tieba_captcha_page() -> str:
    """Where Tieba sends a client it suspects (after a redirect to wappass.baidu.com)."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>百度安全验证</title></head><body>'
        '<div class="timeout"><div class="timeout-img"></div>'
        '<div class="timeout-title">网络不给力，请稍后重试</div>'
        '<button type="button" class="timeout-button">返回首页</button></div>'
        '<div class="timeout-feedback"><a href="https://help.baidu.com/" class="timeout-feedback-icon">'
        "问题反馈</a></div>"
        "</body></html>"
    )


def discuz_login_wall() -> str:
    """A Discuz! board closed to guests: the 提示信息 page with a login form."""
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        f"<title>提示信息 - {DISCUZ_NAME} - Powered by Discuz!</title></head><body>"
        + _DISCUZ_HEAD.format(name=DISCUZ_NAME)
        + '<div id="ct" class="wp cl w"><div class="nfl" id="main_succeed" style="display: none"></div>'
        '<div class="nfl" id="main_messaqge"><div id="layer_login"><h3 class="flb">'
        '<em id="returnmessage">用户登录</em></h3></div></div>'
        '<div id="messagetext" class="alert_error"><p>抱歉，您尚未登录，没有权限访问该版块</p></div></div>'
        "</body></html>"
    )


def too_many_requests_page() -> str:
    """The body of a 403/418 a WAF answers when a client asks too fast."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问受限</title></head><body>'
        "<h1>请求过于频繁，请稍后再试</h1><p>您的访问频率过高，已被暂时限制。</p></body></html>"
    )
