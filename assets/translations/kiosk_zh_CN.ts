<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>HomeScreen</name>
    <message>
        <source>(needs the network)</source>
        <translation>（需联网办理）</translation>
    </message>
    <message>
        <source>Please choose a service</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束办理</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在办理吗？</translation>
    </message>
    <message>
        <source>For your privacy, when the countdown reaches zero this session ends and your details are cleared.</source>
        <translation>为保护您的隐私，倒计时结束后本次办理将自动结束，您的信息将被清除。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
</context>
<context>
    <name>KioskApp</name>
    <message>
        <source>This service needs the tax bureau, which cannot be reached right now. You can still take a queue ticket, book an appointment or read the tax guides, or try again later.</source>
        <translation>此项业务需要连接税务局系统，目前暂时无法连接。您仍可以取号、预约办税或查看办税指南，也可以稍后再试。</translation>
    </message>
    <message>
        <source>Back to services</source>
        <translation>返回业务列表</translation>
    </message>
    <message>
        <source>This service is not yet open on this terminal. Please ask at the service counter.</source>
        <translation>本终端暂未开通此项业务，请到服务窗口咨询办理。</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Tax bureau: connected</source>
        <translation>税务系统：已连接</translation>
    </message>
    <message>
        <source>Tax bureau: offline, some services unavailable</source>
        <translation>税务系统：未连接，部分业务暂停</translation>
    </message>
    <message>
        <source>Tax bureau: checking connection</source>
        <translation>税务系统：正在检查连接</translation>
    </message>
    <message>
        <source>Receipt paper: OK</source>
        <translation>凭条纸：正常</translation>
    </message>
    <message>
        <source>Receipt paper: low</source>
        <translation>凭条纸：即将用完</translation>
    </message>
    <message>
        <source>Receipt paper: empty, printing unavailable</source>
        <translation>凭条纸：已用完，暂停打印</translation>
    </message>
    <message>
        <source>Receipt printer: paper jam</source>
        <translation>凭条打印机：卡纸</translation>
    </message>
    <message>
        <source>Receipt paper: status unknown</source>
        <translation>凭条纸：状态未知</translation>
    </message>
</context>
</TS>
