<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CardPhoto</name>
    <message>
        <source>Photo unavailable</source>
        <translation>照片不可用</translation>
    </message>
</context>
<context>
    <name>DiagMenu</name>
    <message>
        <source>Technician diagnostics</source>
        <translation>技术维护模式</translation>
    </message>
    <message>
        <source>中文 / English</source>
        <translation>中文 / English</translation>
    </message>
    <message>
        <source>Leave diagnostics</source>
        <translation>退出维护模式</translation>
    </message>
</context>
<context>
    <name>DiagPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>不，继续运行</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Device self-tests</source>
        <translation>设备自检</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>待上传队列</translation>
    </message>
    <message>
        <source>Network test</source>
        <translation>网络测试</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Print jobs</source>
        <translation>打印任务</translation>
    </message>
    <message>
        <source>Support bundle and power</source>
        <translation>支持包与电源</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Scan test</source>
        <translation>扫码测试</translation>
    </message>
    <message>
        <source>ID card read test</source>
        <translation>读证测试</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>摄像头预览</translation>
    </message>
    <message>
        <source>Run every device test</source>
        <translation>全部设备自检</translation>
    </message>
    <message>
        <source>Retry rejected</source>
        <translation>重试被拒记录</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Run network test</source>
        <translation>运行网络测试</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Write support bundle</source>
        <translation>生成支持包</translation>
    </message>
    <message>
        <source>Restart app</source>
        <translation>重启程序</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>重启终端</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>关机</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Print voucher</source>
        <translation>打印凭证</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Entry is locked for {seconds} s.</source>
        <translation>PIN 错误次数过多，已锁定 {seconds} 秒。</translation>
    </message>
    <message>
        <source>No technician PIN is set on this terminal. Use a technician card.</source>
        <translation>本终端未设置维护 PIN，请使用技术员卡。</translation>
    </message>
    <message>
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>PIN 错误，还可尝试 {tries} 次。</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Please try again.</source>
        <translation>无法校验 PIN，请重试。</translation>
    </message>
    <message>
        <source>This technician card has been revoked.</source>
        <translation>此技术员卡已被吊销。</translation>
    </message>
    <message>
        <source>This technician card has expired.</source>
        <translation>此技术员卡已过期。</translation>
    </message>
    <message>
        <source>This terminal has no bureau key for technician cards.</source>
        <translation>本终端未配置校验技术员卡的税务局公钥。</translation>
    </message>
    <message>
        <source>This is not a valid technician card.</source>
        <translation>这不是有效的技术员卡。</translation>
    </message>
    <message>
        <source>Terminal {terminal} · technician card {card} ({name})</source>
        <translation>终端 {terminal} · 技术员卡 {card}（{name}）</translation>
    </message>
    <message>
        <source>Terminal {terminal} · entered with the PIN</source>
        <translation>终端 {terminal} · 已通过 PIN 进入</translation>
    </message>
    <message>
        <source>Choose a test. On a real device, present a card or code when asked.</source>
        <translation>请选择测试项目。真实设备上请按提示放卡或出示二维码。</translation>
    </message>
    <message>
        <source>Tap “Run network test”.</source>
        <translation>请点击“运行网络测试”。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>No devices are configured.</source>
        <translation>未配置任何设备。</translation>
    </message>
    <message>
        <source>Scan a code now…</source>
        <translation>请现在扫码…</translation>
    </message>
    <message>
        <source>Decoded text:</source>
        <translation>识别内容：</translation>
    </message>
    <message>
        <source>Place an ID card on the reader now…</source>
        <translation>请将身份证件放在读卡区…</translation>
    </message>
    <message>
        <source>Card read (masked):</source>
        <translation>已读取证件（已脱敏）：</translation>
    </message>
    <message>
        <source>Test page {state}: {message}</source>
        <translation>测试页 {state}：{message}</translation>
    </message>
    <message>
        <source>Printer settings:</source>
        <translation>打印机设置：</translation>
    </message>
    <message>
        <source>No camera is configured.</source>
        <translation>未配置摄像头。</translation>
    </message>
    <message>
        <source>Camera preview: faces are framed in green, decoded codes listed below.</source>
        <translation>摄像头预览：人脸以绿框标出，识别到的码列在下方。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Camera preview: {faces} face(s); decoded: {codes}</source>
        <translation>摄像头预览：{faces} 张人脸；识别：{codes}</translation>
    </message>
    <message>
        <source>The outbox is not open.</source>
        <translation>待上传队列未打开。</translation>
    </message>
    <message>
        <source>{count} rejected transaction(s) queued again.</source>
        <translation>已将 {count} 条被拒记录重新排队。</translation>
    </message>
    <message>
        <source>{count} transaction(s) written to {path}</source>
        <translation>已将 {count} 条记录写入 {path}</translation>
    </message>
    <message>
        <source>Oldest unsent: {age}</source>
        <translation>最早未上传：{age}</translation>
    </message>
    <message>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <source>Paused: {why}</source>
        <translation>已暂停：{why}</translation>
    </message>
    <message>
        <source>No log lines match.</source>
        <translation>没有符合条件的日志。</translation>
    </message>
    <message>
        <source>No receipt printer is configured.</source>
        <translation>未配置凭条打印机。</translation>
    </message>
    <message>
        <source>Incomplete print jobs: {count}. Paid payments still owed a voucher: {owed}.</source>
        <translation>未完成的打印任务：{count}；已缴款未打印凭证：{owed}</translation>
    </message>
    <message>
        <source>Reprint {job}: {state} ({message})</source>
        <translation>补打 {job}：{state}（{message}）</translation>
    </message>
    <message>
        <source>Voucher printed for order {order}.</source>
        <translation>订单 {order} 的缴款凭证已打印。</translation>
    </message>
    <message>
        <source>Version {version}, build {build}. Terminal {terminal}.</source>
        <translation>版本 {version}，构建 {build}。终端 {terminal}。</translation>
    </message>
    <message>
        <source>Support bundle written: {path}</source>
        <translation>支持包已生成：{path}</translation>
    </message>
    <message>
        <source>Not confirmed in time: “{action}” was not done.</source>
        <translation>未在时限内确认：“{action}”未执行。</translation>
    </message>
    <message>
        <source>“{action}”: tap “Confirm” within {seconds} s, or “Keep running”.</source>
        <translation>“{action}”：请在 {seconds} 秒内点击“确认”，或点击“不，继续运行”。</translation>
    </message>
    <message>
        <source>Confirm: {action}</source>
        <translation>确认{action}</translation>
    </message>
    <message>
        <source>Done: {what}</source>
        <translation>已执行：{what}</translation>
    </message>
</context>
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
        <source>Sorry, something went wrong</source>
        <translation>抱歉，出了点问题</translation>
    </message>
    <message>
        <source>This step could not be finished. Nothing you already confirmed is lost. Please go back to the services and try again, or ask at the service counter.</source>
        <translation>这一步没能完成。您已确认的业务不会丢失。请返回服务列表重试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Back to services</source>
        <translation>返回业务列表</translation>
    </message>
    <message>
        <source>You have already rated this visit. Thank you!</source>
        <translation>您本次已评价，感谢您的支持！</translation>
    </message>
    <message>
        <source>This service is not yet open on this terminal. Please ask at the service counter.</source>
        <translation>本终端暂未开通此项业务，请到服务窗口咨询办理。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>An ID number has 18 characters; you typed {count}.</source>
        <translation>证件号码应为18位，您输入了{count}位。</translation>
    </message>
    <message>
        <source>Only digits, with X allowed as the last character.</source>
        <translation>证件号码只能包含数字，最后一位可以是X。</translation>
    </message>
    <message>
        <source>The birth date inside this number is not valid. Please check it.</source>
        <translation>证件号码中的出生日期不正确，请核对。</translation>
    </message>
    <message>
        <source>This ID number does not add up (check digit). Please check and type it again.</source>
        <translation>证件号码校验位不正确，请核对后重新输入。</translation>
    </message>
    <message>
        <source>The system took too long to answer. Please try again.</source>
        <translation>系统响应超时，请重试。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the service counter.</source>
        <translation>办理出现问题，请重试或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please ask a member of staff.</source>
        <translation>打印机缺纸，请联系工作人员。</translation>
    </message>
    <message>
        <source>The printer cover is open. Please ask a member of staff.</source>
        <translation>打印机盖未关好，请联系工作人员。</translation>
    </message>
    <message>
        <source>The paper ran out while printing. Once staff have loaded paper it can be printed again.</source>
        <translation>打印中途缺纸，工作人员装纸后可以重新打印。</translation>
    </message>
    <message>
        <source>The printer cover was opened while printing. It can be printed again once it is closed.</source>
        <translation>打印中途机盖被打开，关好后可以重新打印。</translation>
    </message>
    <message>
        <source>The printer stopped while printing. It can be printed again; if not, please ask staff.</source>
        <translation>打印机中途停止，可以重新打印；如仍不行请联系工作人员。</translation>
    </message>
    <message>
        <source>This terminal has no working receipt printer. Please ask a member of staff.</source>
        <translation>本机的凭条打印机暂时无法使用，请联系工作人员。</translation>
    </message>
    <message>
        <source>The printer is not working right now. Please ask a member of staff.</source>
        <translation>打印机暂时无法使用，请联系工作人员。</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please choose &quot;Type ID number&quot; instead, or ask staff.</source>
        <translation>读卡器暂时无法使用，请选择“输入证件号码”，或联系工作人员。</translation>
    </message>
    <message>
        <source>Your card could not be read. Please lift it off the reader and place it flat again.</source>
        <translation>未能读取您的证件，请取下后重新平放在读卡区。</translation>
    </message>
    <message>
        <source>This code is not a tax-app identity code. Please open the identity code in your tax app.</source>
        <translation>该二维码不是税务APP身份码，请打开税务APP中的身份码。</translation>
    </message>
    <message>
        <source>The tax bureau cannot be reached right now. Please try again in a moment, or ask at the service counter.</source>
        <translation>暂时无法连接税务局系统，请稍后再试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The tax bureau could not handle this request right now. Please try again later or ask at the service counter.</source>
        <translation>税务局系统暂时无法办理此业务，请稍后再试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>For your protection, please confirm who you are again: start the service once more and show your ID card and face.</source>
        <translation>为保护您的信息安全，请重新确认身份：请重新开始办理，并出示身份证件、进行人脸识别。</translation>
    </message>
    <message>
        <source>This terminal is not able to reach the tax bureau&apos;s services. Please ask a member of staff.</source>
        <translation>本终端暂时无法使用税务局系统的服务，请联系工作人员。</translation>
    </message>
    <message>
        <source>You have no outstanding taxes or fees. There is nothing to pay.</source>
        <translation>您没有欠缴的税费，无需缴纳。</translation>
    </message>
    <message>
        <source>The tax bureau has no taxpayer with this ID number. Please check the number, or ask at the service counter.</source>
        <translation>税务局没有此证件号码的纳税人信息，请核对号码，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Please choose at most 5 items; you can pay the others straight afterwards.</source>
        <translation>每次最多选择5项，其余项目可以接着再缴。</translation>
    </message>
    <message>
        <source>The tax bureau cannot look up this kind of ID number here. Please ask at the service counter.</source>
        <translation>本机无法向税务局查询此类证件号码，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>The camera of this terminal is not working, so your identity cannot be checked here. Please ask at the service counter.</source>
        <translation>本机摄像头暂时无法使用，不能在此核验身份，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>No face could be seen. Please stand in front of the screen, look at the camera and tap Confirm again.</source>
        <translation>未检测到人脸。请站在屏幕前正对摄像头，然后再次点击“确认办理”。</translation>
    </message>
    <message>
        <source>The name on your ID does not match the tax bureau&apos;s records. Please ask at the service counter.</source>
        <translation>您证件上的姓名与税务局登记的不一致，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your identity cannot be checked because the tax bureau cannot be reached right now. Please try again in a moment, or ask at the service counter.</source>
        <translation>暂时无法连接税务局，身份核验无法进行。请稍后再试，或到服务窗口办理。</translation>
    </message>
    <message>
        <source>Your identity could not be confirmed. Please ask at the service counter.</source>
        <translation>未能核验您的身份，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>The tax bureau has no records for {year}. Please go back and choose another year.</source>
        <translation>税务局没有您{year}年的记录，请返回选择其他年度。</translation>
    </message>
    <message>
        <source>The tax bureau has no completed payments for you, so there is no voucher to print. Please ask at the service counter.</source>
        <translation>税务局没有您已完成的缴款记录，没有可打印的缴款凭证。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>This terminal has no printer for this document. Please ask a member of staff.</source>
        <translation>本机没有可打印此文件的打印机，请联系工作人员。</translation>
    </message>
    <message>
        <source>The A4 printer is not working right now. Please ask a member of staff; your document can be printed again.</source>
        <translation>A4打印机暂时无法使用，请联系工作人员；您的文件可以重新打印。</translation>
    </message>
    <message>
        <source>At most 5 items can be paid at once. Please choose fewer and pay the rest afterwards.</source>
        <translation>每次最多缴纳5项，请少选几项，其余的稍后再缴。</translation>
    </message>
    <message>
        <source>The tax bureau did not accept this payment: the amount due may have changed. Nothing was charged. Please start again or ask at the service counter.</source>
        <translation>税务局系统未受理本次缴款，应缴金额可能已变化。本次没有扣款，请重新办理或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>This payment was not completed.</source>
        <translation>本次缴款未完成。</translation>
    </message>
    <message>
        <source>This code is not one the tax bureau issues on its documents. Please scan the QR code printed on the document itself; it usually sits in a corner of the page.</source>
        <translation>这不是税务机关在票证上使用的二维码。请扫描印在票证上的二维码，它通常位于页面的一角。</translation>
    </message>
    <message>
        <source>This is the QR code of an invoice, not of a tax certificate. To check it, go back to the services and choose &quot;Check an invoice&quot;.</source>
        <translation>这是发票的二维码，不是税收证明的。如需查验发票，请返回服务列表，选择“发票查验”。</translation>
    </message>
    <message>
        <source>This is the QR code of a tax certificate, not of an invoice. To check it, go back to the services and choose &quot;Verify a tax certificate&quot;.</source>
        <translation>这是税收证明的二维码，不是发票的。如需查验证明，请返回服务列表，选择“税收证明真伪查验”。</translation>
    </message>
    <message>
        <source>This code cannot be read as an invoice: it is damaged or has been altered. Do not accept the invoice without checking with the seller, or ask at the service counter.</source>
        <translation>无法识别为发票：二维码已损坏或被改动。请先向开票方核实，或到服务窗口咨询，不要直接接受这张发票。</translation>
    </message>
    <message>
        <source>This terminal cannot check certificates yet: it has not received the tax bureau&apos;s checking key. Please try again once the terminal is connected, or ask at the service counter.</source>
        <translation>本机尚未收到税务机关的查验密钥，暂时无法查验证明。请在本机联网后再试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The tax bureau has no fixed-quota business registered to you. Please ask at the service counter.</source>
        <translation>税务机关没有登记在您名下的定期定额个体工商户。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>{period} is already filed and paid. There is nothing more to do.</source>
        <translation>{period} 已申报并缴税，无需再办理。</translation>
    </message>
    <message>
        <source>{period} has already been filed for this business. Please ask at the service counter.</source>
        <translation>该业户 {period} 已申报过。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Please type the sales in yuan, more than 0.</source>
        <translation>请输入经营额（元），须大于0。</translation>
    </message>
    <message>
        <source>The tax bureau has no insured person with this ID number. Please check the number.</source>
        <translation>税务机关没有该证件号码的参保人。请核对号码。</translation>
    </message>
    <message>
        <source>The amounts for {year} are not published yet. Please choose another year.</source>
        <translation>{year}年度的缴费标准尚未公布。请选择其他年度。</translation>
    </message>
    <message>
        <source>This insurance is already paid for {year} (level {level}). There is nothing to pay.</source>
        <translation>该险种{year}年度已缴费（第{level}档），无需再缴。</translation>
    </message>
    <message>
        <source>A self-service invoice can be at most 10,000 yuan. Please type a smaller amount.</source>
        <translation>自助代开发票金额最高为10,000元。请输入较小的金额。</translation>
    </message>
    <message>
        <source>Please type the amount in yuan, more than 0.</source>
        <translation>请输入金额（元），须大于0。</translation>
    </message>
    <message>
        <source>The invoice could not be issued yet because its taxes are not paid. Please ask at the service counter.</source>
        <translation>税费尚未缴纳，暂不能开具发票。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The tax bureau has no vehicle registered to you. If your vehicle is registered to someone else, its owner pays its tax. Please ask at the service counter.</source>
        <translation>税务机关没有登记在您名下的车辆。车辆登记在他人名下的，由车主缴纳车船税。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>No vehicle with this plate or VIN is registered. Please check what you typed.</source>
        <translation>没有查到该号牌号码或车辆识别代号的车辆。请核对输入的内容。</translation>
    </message>
    <message>
        <source>The vehicle and vessel tax of this vehicle is paid up. There is nothing to pay.</source>
        <translation>该车辆的车船税已缴清，无需缴纳。</translation>
    </message>
    <message>
        <source>This vehicle is not registered to you: only its owner can pay its tax here. Please ask the owner, or ask at the service counter.</source>
        <translation>该车辆不是登记在您名下的：本机只能由车主缴纳其车船税。请联系车主，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The vehicle and vessel tax of your vehicles is paid up. There is nothing to pay.</source>
        <translation>您名下车辆的车船税均已缴清，无需缴纳。</translation>
    </message>
    <message>
        <source>This service needs the tax bureau, which cannot be reached right now. Please try again later.</source>
        <translation>此项业务需要连接税务局系统，目前暂时无法连接。请稍后再试。</translation>
    </message>
    <message>
        <source>These services work without the network: {services}.</source>
        <translation>以下业务断网时也可以办理：{services}。</translation>
    </message>
    <message>
        <source>No document has this code. Please compare it with the paper, correct it and tap &quot;Next&quot; again. If it still cannot be found, the document may not come from the tax bureau.</source>
        <translation>没有票证使用这个号码。请对照纸质票证改正后再点击“下一步”。如仍查不到，这份票证可能不是税务机关开具的。</translation>
    </message>
    <message>
        <source>A typed code can only be checked with the tax bureau, which cannot be reached right now. Please scan the QR code instead: that works offline.</source>
        <translation>输入号码查验需要连接税务机关，现在无法连接。请改为扫描二维码：断网时也能查验。</translation>
    </message>
    <message>
        <source>The verification code has 16 digits; you typed {count}.</source>
        <translation>验证码是16位数字，您输入了 {count} 位。</translation>
    </message>
    <message>
        <source>Type the 16-digit verification code or the 20-digit invoice number; you typed {count} digits.</source>
        <translation>请输入16位验证码或20位发票号码，您输入了 {count} 位。</translation>
    </message>
    <message>
        <source>Video help: unavailable while the tax bureau is offline</source>
        <translation>视频帮办：税务系统断开，暂不可用</translation>
    </message>
    <message>
        <source>Video help hours: {hours}</source>
        <translation>视频帮办服务时间：{hours}</translation>
    </message>
    <message>
        <source>The tax officer opened: {service}</source>
        <translation>工作人员为您打开了：{service}</translation>
    </message>
    <message>
        <source>Message from the tax officer</source>
        <translation>工作人员给您的消息</translation>
    </message>
    <message>
        <source>Scan this code with your phone</source>
        <translation>请用手机扫描此二维码</translation>
    </message>
    <message>
        <source>The tax officer asks you to rate this service</source>
        <translation>工作人员邀请您对本次服务进行评价</translation>
    </message>
    <message>
        <source>That time has just been fully booked. Please go back and choose another time.</source>
        <translation>该时段刚刚已约满，请返回选择其他时间。</translation>
    </message>
    <message>
        <source>A mobile number has 11 digits and starts with 1.</source>
        <translation>手机号码为11位数字，以1开头。</translation>
    </message>
    <message>
        <source>Cancelling needs the tax bureau, which cannot be reached right now. Please try again later or call 12366.</source>
        <translation>取消预约需要连接税务局系统，目前暂时无法连接。请稍后再试或致电12366。</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>This terminal cannot take transactions now. Please use another terminal or go to a service counter.</source>
        <translation>本机暂时不能办理业务，请使用其他终端或到服务窗口办理。</translation>
    </message>
</context>
<context>
    <name>PaymentWatch</name>
    <message>
        <source>Time left to pay: {m}:{s:02d}</source>
        <translation>剩余付款时间：{m}:{s:02d}</translation>
    </message>
    <message>
        <source>Asking the tax bureau whether your payment has arrived…</source>
        <translation>正在向税务机关查询付款结果…</translation>
    </message>
    <message>
        <source>Your payment has arrived. Your voucher is being printed.</source>
        <translation>付款已到账，正在打印缴款凭证。</translation>
    </message>
    <message>
        <source>No payment has arrived yet. If you have just paid on your phone, wait a few seconds and tap “I have paid” again.</source>
        <translation>尚未收到付款。如您刚在手机上完成支付，请稍等几秒再点击“我已支付”。</translation>
    </message>
    <message>
        <source>The connection to the tax bureau is interrupted. If you have paid, please wait: the payment will be found as soon as the connection is back.</source>
        <translation>与税务局系统的连接中断。如您已付款，请稍候，连接恢复后即可查到付款。</translation>
    </message>
    <message>
        <source>The time to pay is over. Closing the order…</source>
        <translation>付款时间已到，正在关闭缴款订单…</translation>
    </message>
    <message>
        <source>Cancelling the payment, please wait…</source>
        <translation>正在取消付款，请稍候…</translation>
    </message>
    <message>
        <source>Your payment arrived before it could be cancelled. Your voucher is being printed.</source>
        <translation>取消前您的付款已到账，正在为您打印缴款凭证。</translation>
    </message>
    <message>
        <source>The time to pay ran out, so the payment order was closed. Nothing was charged. To pay, please start the service again.</source>
        <translation>付款时间已到，本次缴款订单已关闭，没有扣款。如需缴款，请重新办理。</translation>
    </message>
    <message>
        <source>The payment was cancelled. Nothing was charged.</source>
        <translation>付款已取消，没有扣款。</translation>
    </message>
    <message>
        <source>The payment could not be cancelled right now because the tax bureau cannot be reached. It will be cancelled as soon as the connection is back. If you did pay, your payment is kept and you can print its voucher later with “Reprint a payment voucher”.</source>
        <translation>暂时无法连接税务局系统，付款未能立即取消，连接恢复后将自动取消。如您已经付款，款项不会丢失，之后可通过“打印缴款凭证”打印凭证。</translation>
    </message>
</context>
<context>
    <name>PinEntryPage</name>
    <message>
        <source>Technician diagnostics</source>
        <translation>技术维护模式</translation>
    </message>
    <message>
        <source>Enter the technician PIN, or scan your technician card.</source>
        <translation>请输入维护 PIN，或扫描技术员卡。</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>进入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RemoteHelpButton</name>
    <message>
        <source>Video help 视频帮办</source>
        <translation>视频帮办</translation>
    </message>
</context>
<context>
    <name>RemoteHelpPanel</name>
    <message>
        <source>You are number %1 in line. About %2 min.</source>
        <translation>您前面排在第 %1 位，预计约 %2 分钟。</translation>
    </message>
    <message>
        <source>Connecting to the tax bureau…</source>
        <translation>正在连接税务机关…</translation>
    </message>
    <message>
        <source>Tax officer %1 is helping you</source>
        <translation>税务人员 %1 正在为您服务</translation>
    </message>
    <message>
        <source>Connecting the call…</source>
        <translation>正在接通…</translation>
    </message>
    <message>
        <source>The tax officer asks to see your screen</source>
        <translation>工作人员请求查看您的屏幕</translation>
    </message>
    <message>
        <source>Video help: a tax officer will see and hear you through this terminal&apos;s camera and microphone. Nothing is recorded. You can hang up at any time.</source>
        <translation>视频帮办：税务人员将通过本机摄像头和麦克风看到、听到您。通话不录音录像，您可随时挂断。</translation>
    </message>
    <message>
        <source>Agree and call</source>
        <translation>同意并呼叫</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Calling a tax officer…</source>
        <translation>正在呼叫税务人员…</translation>
    </message>
    <message>
        <source>All officers are busy. We can call you back, or you can take a queue ticket for the counter.</source>
        <translation>工作人员暂时忙碌。我们可以回电给您，或者您可以取号到窗口办理。</translation>
    </message>
    <message>
        <source>Call me back</source>
        <translation>请回电给我</translation>
    </message>
    <message>
        <source>Take a queue ticket</source>
        <translation>取号到窗口</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>继续等待</translation>
    </message>
    <message>
        <source>Your mobile number (11 digits):</source>
        <translation>您的手机号码（11位）：</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Share (personal details hidden)</source>
        <translation>共享（隐藏个人信息）</translation>
    </message>
    <message>
        <source>Share everything</source>
        <translation>全部共享</translation>
    </message>
    <message>
        <source>Don&apos;t share</source>
        <translation>不共享</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
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
        <source>Receipt printer: cover open, printing unavailable</source>
        <translation>凭条打印机：机盖未关，暂停打印</translation>
    </message>
    <message>
        <source>Receipt paper: status unknown</source>
        <translation>凭条纸：状态未知</translation>
    </message>
</context>
<context>
    <name>StepScreen</name>
    <message>
        <source>Step {number} of {total}</source>
        <translation>第 {number} 步 / 共 {total} 步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消办理</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认办理</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The on-screen keyboard is not working, so nothing can be typed here. Please go back or cancel, and ask at the service counter.</source>
        <translation>屏幕键盘无法使用，此处暂时无法输入。请返回上一步或取消办理，并到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Card on the reader</source>
        <translation>刷证件</translation>
    </message>
    <message>
        <source>Place your card flat on the reader below the screen and keep it still until it has been read.</source>
        <translation>请将证件平放在屏幕下方的读卡区，读取完成前请勿移动。</translation>
    </message>
    <message>
        <source>Submit rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <source>I have paid</source>
        <translation>我已支付</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Scan tax-app code</source>
        <translation>扫码识别</translation>
    </message>
    <message>
        <source>Open the identity code in your tax app and hold the phone screen up to the scanner window.</source>
        <translation>请打开税务APP的身份码，将手机屏幕对准扫码窗口。</translation>
    </message>
    <message>
        <source>Type ID number</source>
        <translation>输入证件号码</translation>
    </message>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <source>Scan with your banking or payment app</source>
        <translation>请用手机银行或支付应用扫码</translation>
    </message>
    <message>
        <source>Scan with your phone</source>
        <translation>手机扫码查看全文</translation>
    </message>
    <message>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Hong Kong/Macau/Taiwan residence permit</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <source>Foreign permanent residence ID card</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <source>These documents are accepted:</source>
        <translation>可使用以下证件：</translation>
    </message>
    <message>
        <source>Hold the QR code flat in front of the scanner window, about 10 cm away, until the screen changes.</source>
        <translation>请将二维码平放在扫码窗口前约10厘米处，直到屏幕变化。</translation>
    </message>
    <message>
        <source>Printing, please wait…</source>
        <translation>正在打印，请稍候…</translation>
    </message>
    <message>
        <source>Working on it, please wait…</source>
        <translation>正在处理，请稍候……</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
</context>
<context>
    <name>_FieldInput</name>
    <message>
        <source>Please fill this in</source>
        <translation>请填写此项</translation>
    </message>
    <message>
        <source>At most {count} characters</source>
        <translation>最多 {count} 个字</translation>
    </message>
</context>
</TS>
