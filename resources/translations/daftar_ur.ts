<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur" sourcelanguage="en">
  <context>
    <name>Daftar</name>
    <message>
      <location filename="desktop/licences/actions.py" line="246" />
      <source>&amp;Bore</source>
      <translation>بور (&amp;B)</translation>
    </message>
    <message>
      <source>&amp;Father (D/O)</source>
      <translation type="vanished">والد، دختر (&amp;F)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="410" />
      <source>&amp;File</source>
      <translation>فائل (&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Husband (W/O)</source>
      <translation type="vanished">شوہر، زوجہ (&amp;H)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="414" />
      <source>&amp;Language</source>
      <translation>زبان (&amp;L)</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="91" />
      <source>&amp;Licences</source>
      <translation>لائسنس (&amp;L)</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="248" />
      <source>&amp;Make</source>
      <translation>ساخت (&amp;M)</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="244" />
      <source>&amp;Name (English)</source>
      <translation>نام (انگریزی) (&amp;N)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="411" />
      <source>&amp;Quit</source>
      <translation>بند کریں (&amp;Q)</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="268" />
      <source>&amp;Reason and order</source>
      <translation>وجہ اور حکم (&amp;R)</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="177" />
      <source>&amp;Reports</source>
      <translation>رپورٹیں (&amp;R)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="413" />
      <source>&amp;Search</source>
      <translation>تلاش (&amp;S)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="415" />
      <source>&amp;Sync</source>
      <translation>ہم آہنگی (&amp;S)</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="412" />
      <source>&amp;View</source>
      <translation>منظر (&amp;V)</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="68" />
      <source>&amp;Visits</source>
      <translation>ملاقاتیں (&amp;V)</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="247" />
      <source>&amp;Weapon number</source>
      <translation>اسلحہ نمبر (&amp;W)</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="240" />
      <source>'{state}'</source>
      <translation>«{state}»</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="119" />
      <source>(child: no CNIC)</source>
      <translation>(بچہ: شناختی کارڈ نہیں)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="167" />
      <source>(column {n})</source>
      <translation>(کالم {n})</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="76" />
      <source>(holds {share})</source>
      <translation>(ملکیت {share})</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="171" />
      <source>(leave out)</source>
      <translation>(شامل نہ کریں)</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="214" />
      <source>(provisional)</source>
      <translation>(عارضی)</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="212" />
      <source>({n} leased)</source>
      <translation>({n} مختص)</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="135" />
      <source>1 change saved on this computer will be sent at the next sync.</source>
      <translation>اس کمپیوٹر پر محفوظ ایک تبدیلی اگلی ہم آہنگی میں بھیجی جائے گی۔</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="218" />
      <source>1 change waits for the next sync. It is saved on this computer and is safe; it will be sent the next time it is online.</source>
      <translation>ایک تبدیلی اگلی ہم آہنگی (sync) کی منتظر ہے۔ یہ اس کمپیوٹر پر محفوظ ہے؛ اگلی بار آن لائن ہونے پر بھیج دی جائے گی۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="52" />
      <source>1 gives / 2 gets</source>
      <translation>1 دیتا / 2 لیتا</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="314" />
      <source>1 visit</source>
      <translation>1 ملاقات</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="143" />
      <source>; the earliest starts on {day}</source>
      <translation>؛ سب سے پہلا شیڈول {day} سے نافذ ہوا</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="322" />
      <source>A .csv or .xlsx file, one row per party.</source>
      <translation>‏.csv یا ‏.xlsx فائل، ہر فریق کی ایک قطار۔</translation>
    </message>
    <message>
      <location filename="domain/values/money.py" line="161" />
      <source>A 1Bill amount is exactly 13 digits, the last two paisa; got {typed}</source>
      <translation>1Bill کی رقم پورے 13 ہندسوں کی ہوتی ہے جن میں آخری دو پیسے ہیں؛ موصول ہوا: {typed}</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="52" />
      <source>A CNIC has only digits and dashes; remove {characters}</source>
      <translation>شناختی کارڈ نمبر میں صرف ہندسے اور ڈیش ہوتے ہیں؛ یہ نکال دیں: {characters}</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="81" />
      <source>A CNIC must be given as text</source>
      <translation>شناختی کارڈ نمبر متن کی صورت میں دیا جائے</translation>
    </message>
    <message>
      <location filename="domain/commands/corrections.py" line="37" />
      <source>A correction needs its reason: what was wrong, on whose order.</source>
      <translation>درستی کی وجہ درج کریں: کیا غلط تھا، اور کس کے حکم پر۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="222" />
      <source>A correction stays in the tehsil of the mutation it corrects.</source>
      <translation>درستی اسی تحصیل میں ہوتی ہے جس کا انتقال درست کیا جا رہا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="200" />
      <source>A fee voucher</source>
      <translation>فیس واؤچر</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="561" />
      <source>A licence card needs its holder's name in English; type it.</source>
      <translation>لائسنس کارڈ پر حامل کا انگریزی نام ضروری ہے؛ اسے درج کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="425" />
      <source>A mobile number has 11 digits and starts with 03.</source>
      <translation>موبائل نمبر 11 ہندسوں کا ہوتا ہے اور 03 سے شروع ہوتا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="201" />
      <source>A mutation</source>
      <translation>انتقال</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="128" />
      <source>A mutation needs at least one transferor and one transferee.</source>
      <translation>انتقال کے لیے کم از کم ایک منتقل کنندہ اور ایک منتقل الیہ ضروری ہے۔</translation>
    </message>
    <message>
      <source>A password needs at least 6 characters.</source>
      <translation type="vanished">پاس ورڈ کم از کم 6 حروف کا ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="39" />
      <source>A password needs at least {count} characters.</source>
      <translation>پاس ورڈ میں کم از کم {count} حروف ہونے چاہئیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="202" />
      <source>A second clerk must verify this entry: you recorded it yourself.</source>
      <translation>اس اندراج کی تصدیق کوئی دوسرا کلرک کرے: یہ اندراج آپ نے خود کیا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="59" />
      <source>A share cannot be more than the whole khewat (1); got {share}</source>
      <translation>حصہ پورے کھیوٹ (1) سے زیادہ نہیں ہو سکتا؛ لکھا گیا: {share}</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="54" />
      <source>A share must be more than 0; got {share}</source>
      <translation>حصہ 0 سے زیادہ ہونا چاہیے؛ لکھا گیا: {share}</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="210" />
      <source>A transfer needs at least one transferor and one transferee</source>
      <translation>منتقلی کے لیے کم از کم ایک منتقل کنندہ اور ایک منتقل الیہ ضروری ہے</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="136" />
      <source>A username has 2 to 30 letters, digits, dots, dashes or underscores; you typed {name}.</source>
      <translation>صارف نام میں 2 سے 30 حروف، ہندسے، نقطے، ڈیش یا انڈر سکور ہوتے ہیں؛ آپ نے {name} لکھا۔</translation>
    </message>
    <message>
      <source>A username has 2 to 30 lower-case English letters, digits, '.', '_' or '-'.</source>
      <translation type="vanished">صارف نام 2 سے 30 حروف کا ہو: انگریزی کے چھوٹے حروف، ہندسے، نقطہ، انڈر اسکور یا ڈیش۔</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="202" />
      <source>A visit booking</source>
      <translation>ملاقات کی بکنگ</translation>
    </message>
    <message>
      <location filename="domain/values/money.py" line="147" />
      <source>A voucher amount cannot be negative ({amount})</source>
      <translation>واؤچر کی رقم منفی نہیں ہو سکتی ({amount})</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="111" />
      <source>Account {operator} is disabled, so this command was not applied; ask the administrator.</source>
      <translation>اکاؤنٹ {operator} غیر فعال ہے، اس لیے یہ کام لاگو نہیں ہوا؛ منتظم سے رابطہ کریں۔</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="153" />
      <source>Account {operator} works for {kind} {allowed}; {what} is outside it.</source>
      <translation>اکاؤنٹ {operator} کا دائرہ {kind} {allowed} ہے؛ {what} اس سے باہر ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="72" />
      <source>Address</source>
      <translation>پتہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="141" />
      <source>Adverse</source>
      <translation>منفی</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="53" />
      <source>Affidavit</source>
      <translation>حلف نامہ</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="107" />
      <source>Age</source>
      <translation>عمر</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="138" />
      <source>All</source>
      <translation>سب</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="49" />
      <source>All Pakistan</source>
      <translation>کل پاکستان</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="371" />
      <source>All my districts</source>
      <translation>میرے تمام اضلاع</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="48" />
      <source>All prisons</source>
      <translation>تمام جیلیں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="131" />
      <source>All terminals</source>
      <translation>تمام ٹرمینل</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="87" />
      <source>Allowance renews on</source>
      <translation>باری کی تجدید</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="39" />
      <source>Allowance renews on {date}</source>
      <translation>حد {date} کو دوبارہ شروع ہو گی</translation>
    </message>
    <message>
      <location filename="desktop/licences/known.py" line="103" />
      <source>Already holds licence {number} ({weapon} {bore}), valid until {date}. Renew instead? (Ctrl+R)</source>
      <translation>پہلے سے لائسنس {number} ({weapon} {bore}) رکھتا ہے، {date} تک کارآمد۔ اس کی بجائے تجدید کریں؟ (Ctrl+R)</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="63" />
      <source>Amount</source>
      <translation>رقم</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="149" />
      <source>An account needs at least one role.</source>
      <translation>اکاؤنٹ کے لیے کم از کم ایک کردار ضروری ہے۔</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="45" />
      <source>An area cannot be negative</source>
      <translation>رقبہ منفی نہیں ہو سکتا</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="203" />
      <source>An arms licence</source>
      <translation>اسلحہ لائسنس</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="197" />
      <source>An arms licence application</source>
      <translation>اسلحہ لائسنس کی درخواست</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="529" />
      <source>An attachment is named by its sha256: 64 hex digits.</source>
      <translation>منسلکہ کی شناخت اس کا sha256 ہے: 64 ہیکس ہندسے۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="62" />
      <source>Applicant</source>
      <translation>درخواست گزار</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="61" />
      <source>Application</source>
      <translation>درخواست</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="38" />
      <source>Application no.</source>
      <translation>درخواست نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="388" />
      <source>Application number {number}</source>
      <translation>درخواست نمبر {number}</translation>
    </message>
    <message>
      <location filename="desktop/screenshots.py" line="188" />
      <source>Application number {number} is already in use.</source>
      <translation>درخواست نمبر {number} پہلے سے استعمال میں ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="15" />
      <source>Application submitted</source>
      <translation>درخواست جمع ہوئی</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="263" />
      <source>Application {id} was already submitted.</source>
      <translation>درخواست {id} پہلے ہی جمع ہو چکی ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/known.py" line="115" />
      <source>Application {number} is still open ({status}).</source>
      <translation>درخواست {number} ابھی زیرِ کار ہے ({status})۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="390" />
      <source>Applications</source>
      <translation>درخواستیں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="385" />
      <source>Applications and vouchers</source>
      <translation>درخواستیں اور واؤچر</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="55" />
      <source>Applications received</source>
      <translation>موصول شدہ درخواستیں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="174" />
      <source>Approve</source>
      <translation>منظور کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="173" />
      <source>Approve application</source>
      <translation>درخواست منظور کریں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="64" />
      <source>Approved</source>
      <translation>منظور شدہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="89" />
      <source>Approved visitors</source>
      <translation>منظور شدہ ملاقاتی</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="132" />
      <source>Approved visitors: {names}</source>
      <translation>منظور شدہ ملاقاتی: {names}</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="51" />
      <source>Approved: {name}, {relationship}, {cnic}</source>
      <translation>منظور شدہ: {name}، {relationship}، {cnic}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="36" />
      <source>Area</source>
      <translation>رقبہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="60" />
      <source>Area (kanal-marla-sarsai)</source>
      <translation>رقبہ (کنال-مرلہ-سرسائی)</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="60" />
      <source>Area must be kanal-marla-sarsai such as 2-5-3.</source>
      <translation>رقبہ کنال-مرلہ-سرسائی کی صورت میں ہو، جیسے ‎2-5-3‎۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="452" />
      <source>Area must be more than zero.</source>
      <translation>رقبہ صفر سے زیادہ ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="90" />
      <source>Arms licences</source>
      <translation>اسلحہ لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="193" />
      <source>As of last sync: never synced (this desk's entries only)</source>
      <translation>آخری ہم آہنگی کے مطابق: ابھی ہم آہنگی نہیں ہوئی (صرف اس کمپیوٹر کے اندراجات)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="191" />
      <source>As of last sync: {time}</source>
      <translation>آخری ہم آہنگی کے مطابق: {time}</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="427" />
      <source>At least one khasra number is required.</source>
      <translation>کم از کم ایک خسرہ نمبر ضروری ہے۔</translation>
    </message>
    <message>
      <source>At most {cap} adults may join one visit.</source>
      <translation type="vanished">ایک ملاقات میں زیادہ سے زیادہ {cap} بالغ افراد شامل ہو سکتے ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="326" />
      <source>At most {cap} adults may join one visit; {count} named. Book a second visit for the others.</source>
      <translation>ایک ملاقات میں زیادہ سے زیادہ {cap} بالغ شامل ہو سکتے ہیں؛ {count} درج ہیں۔ باقی کے لیے دوسری ملاقات بک کریں۔</translation>
    </message>
    <message>
      <source>At most {cap} visitors may join one visit; {count} named.</source>
      <translation type="vanished">ایک ملاقات میں زیادہ سے زیادہ {cap} ملاقاتی شامل ہو سکتے ہیں؛ {count} نام لکھے گئے ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="312" />
      <source>At most {cap} visitors may join one visit; {count} named. Remove {extra}.</source>
      <translation>ایک ملاقات میں زیادہ سے زیادہ {cap} ملاقاتی شامل ہو سکتے ہیں؛ {count} درج ہیں۔ {extra} کو نکالیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="160" />
      <source>Attach scan</source>
      <translation>اسکین منسلک کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="139" />
      <source>Attach scan… (Ctrl+O)</source>
      <translation>اسکین منسلک کریں… (Ctrl+O)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="184" />
      <source>Attest</source>
      <translation>تصدیق کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="183" />
      <source>Attest mutation</source>
      <translation>انتقال کی تصدیق</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="44" />
      <source>Attested</source>
      <translation>تصدیق شدہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="261" />
      <source>Attested mutation {number} stays as it is; this correcting entry is linked to it and goes to a second clerk and the revenue officer.</source>
      <translation>تصدیق شدہ انتقال {number} جوں کا توں رہے گا؛ یہ درستی کا اندراج اس سے منسلک ہے اور دوسرے کلرک اور ریونیو افسر کے پاس جائے گا۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="86" />
      <source>Attested: read-only. A correction is a new mutation.</source>
      <translation>تصدیق شدہ: صرف پڑھنے کے لیے۔ درستی نیا انتقال ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="43" />
      <source>Awaiting attestation</source>
      <translation>تصدیق کا منتظر</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="42" />
      <source>Awaiting verification</source>
      <translation>جانچ کا منتظر</translation>
    </message>
    <message>
      <location filename="desktop/mutations/view.py" line="35" />
      <source>Backlog</source>
      <translation>زیر التوا</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="74" />
      <source>Bank</source>
      <translation>بینک</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="100" />
      <source>Beyond this desk's leased seats: the booking stays provisional until sync.</source>
      <translation>اس ڈیسک کی مختص نشستوں سے زیادہ: بکنگ ہم آہنگی تک عارضی رہے گی۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="146" />
      <source>Book</source>
      <translation>بک کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="78" />
      <source>Book a visit</source>
      <translation>ملاقات بک کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="437" />
      <source>Book a visit first.</source>
      <translation>پہلے ملاقات بک کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="29" />
      <source>Book visit</source>
      <translation>ملاقات بک کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="42" />
      <source>Booked in error</source>
      <translation>غلطی سے بک ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="90" />
      <source>Booking</source>
      <translation>بکنگ</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="198" />
      <source>Booking…</source>
      <translation>بکنگ ہو رہی ہے…</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="80" />
      <source>Bore</source>
      <translation>بور</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="216" />
      <source>Bore {bore} is not allowed for a {weapon}; choose one of {bores}.</source>
      <translation>{weapon} کے لیے بور {bore} کی اجازت نہیں؛ ان میں سے ایک چنیں: {bores}۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="39" />
      <source>By the family</source>
      <translation>خاندان کی طرف سے</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="242" />
      <source>CNIC</source>
      <translation>شناختی کارڈ نمبر</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="61" />
      <source>CNIC cannot start with {digit}: the first digit is the province (1–7)</source>
      <translation>شناختی کارڈ نمبر {digit} سے شروع نہیں ہو سکتا: پہلا ہندسہ صوبے کا ہوتا ہے (1 تا 7)</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="57" />
      <source>CNIC must have 13 digits; you typed {count}</source>
      <translation>شناختی کارڈ نمبر میں 13 ہندسے ہوتے ہیں؛ آپ نے {count} لکھے ہیں</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="741" />
      <source>CNIC {cnic} is not among the visitors of booking {booking_no}; only the visitors booked may join.</source>
      <translation>شناختی کارڈ {cnic} بکنگ {booking_no} کے ملاقاتیوں میں شامل نہیں؛ صرف بک شدہ ملاقاتی شامل ہو سکتے ہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="220" />
      <source>CSV (*.csv)</source>
      <translation>CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="345" />
      <source>Call the family on {phone} to agree another slot.</source>
      <translation>دوسرا وقت طے کرنے کے لیے خاندان کو {phone} پر فون کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="70" />
      <source>Cancel</source>
      <translation>منسوخ</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="360" />
      <source>Cancel visit</source>
      <translation>ملاقات منسوخ کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="159" />
      <source>Cancel visit…</source>
      <translation>ملاقات منسوخ کریں…</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="153" />
      <source>Cancel voucher</source>
      <translation>واؤچر منسوخ کریں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="49" />
      <source>Cancel voucher…</source>
      <translation>واؤچر منسوخ کریں…</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="69" />
      <source>Cancelled</source>
      <translation>منسوخ شدہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="249" />
      <source>Cancelled: nothing was imported.</source>
      <translation>منسوخ: کچھ بھی درآمد نہیں ہوا۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="105" />
      <source>Cannot read {typed} as a share; write it like 1/3</source>
      <translation>{typed} کو حصے کے طور پر پڑھا نہیں جا سکا؛ اسے ‎1/3‎ کی طرح لکھیں</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="106" />
      <source>Cannot read {typed} as an area; type kanal-marla-sarsai, e.g. 2-5-3</source>
      <translation>{typed} کو رقبے کے طور پر پڑھا نہیں جا سکا؛ کنال-مرلہ-سرسائی لکھیں، مثلاً ‎2-5-3‎</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="154" />
      <source>Cannot take {taken} from {area}: it is more than there is</source>
      <translation>{area} میں سے {taken} کم نہیں کیا جا سکتا: یہ موجود رقبے سے زیادہ ہے</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="40" />
      <source>Certificates</source>
      <translation>سرٹیفکیٹ</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="37" />
      <source>Challans</source>
      <translation>چالان</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="276" />
      <source>Changed on two desks</source>
      <translation>دو ڈیسکوں پر تبدیل کیا گیا</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="326" />
      <source>Check</source>
      <translation>جانچیں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="155" />
      <source>Check in</source>
      <translation>حاضری لگائیں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="270" />
      <source>Checked: {ok} entries can be imported, {already} are already in the register, {bad} have problems (listed below; they will be left out).</source>
      <translation>جانچ مکمل: {ok} اندراجات درآمد ہو سکتے ہیں، {already} پہلے سے رجسٹر میں ہیں، {bad} میں مسائل ہیں (نیچے درج؛ یہ شامل نہیں ہوں گے)۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="188" />
      <source>Checking password…</source>
      <translation>پاس ورڈ کی جانچ ہو رہی ہے…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="184" />
      <source>Choose a .csv or .xlsx file.</source>
      <translation>‏.csv یا ‏.xlsx فائل منتخب کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="431" />
      <source>Choose a bore allowed for a {weapon}.</source>
      <translation>{weapon} کے لیے اجازت یافتہ بور چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="96" />
      <source>Choose a mutation to see its entry and history.</source>
      <translation>اندراج اور تاریخ دیکھنے کے لیے انتقال منتخب کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="338" />
      <source>Choose an application in the list to see its details and history.</source>
      <translation>تفصیل اور تاریخچہ دیکھنے کے لیے فہرست میں سے کوئی درخواست چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="320" />
      <source>Choose file…</source>
      <translation>فائل منتخب کریں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="44" />
      <source>Choose printers…</source>
      <translation>پرنٹر منتخب کریں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="429" />
      <source>Choose the weapon type.</source>
      <translation>اسلحے کی قسم چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="166" />
      <source>Clear</source>
      <translation>نمٹائیں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="165" />
      <source>Clear exception</source>
      <translation>استثنا نمٹائیں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="50" />
      <source>Clear exception with a note…</source>
      <translation>نوٹ کے ساتھ استثنا نمٹائیں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="141" />
      <source>Cleared</source>
      <translation>کلیئر</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="318" />
      <source>Cleared by {who}, {when}</source>
      <translation>{who} نے نمٹایا، {when}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="197" />
      <source>Clerk</source>
      <translation>کلرک</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="334" />
      <source>Code</source>
      <translation>کوڈ</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="392" />
      <source>Collected</source>
      <translation>وصول شدہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="324" />
      <source>Column in the file</source>
      <translation>فائل کا کالم</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="323" />
      <source>Columns of the file and where they go:</source>
      <translation>فائل کے کالم اور وہ کہاں جائیں گے:</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="121" />
      <source>Compare and verify</source>
      <translation>موازنہ اور جانچ</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="156" />
      <source>Completed</source>
      <translation>مکمل</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="47" />
      <source>Conflict resolved</source>
      <translation>تضاد حل ہوا</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation type="vanished">تضادات</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="59" />
      <source>Consideration</source>
      <translation>زر معاوضہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="234" />
      <source>Consideration (Rs)</source>
      <translation>زر معاوضہ (روپے)</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="52" />
      <source>Copy of CNIC</source>
      <translation>شناختی کارڈ کی کاپی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/view.py" line="34" />
      <source>Correct (a correcting mutation)…</source>
      <translation>درستی (انتقال درستی)…</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="238" />
      <source>Correct licence</source>
      <translation>لائسنس کی درستی</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="43" />
      <source>Correct licence…</source>
      <translation>لائسنس درست کریں…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="476" />
      <source>Correcting mutation of no. {number}</source>
      <translation>نمبر {number} کا انتقال درستی</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="34" />
      <source>Correction</source>
      <translation>درستی</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="214" />
      <source>Correction {number} of this mutation is still awaiting verification or attestation; settle it first.</source>
      <translation>اس انتقال کی درستی {number} ابھی جانچ یا تصدیق کی منتظر ہے؛ پہلے اسے نمٹائیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="305" />
      <source>Could not save: {reason}</source>
      <translation>محفوظ نہ ہو سکا: {reason}</translation>
    </message>
    <message>
      <source>Create and log in</source>
      <translation type="vanished">اکاؤنٹ بنائیں اور داخل ہوں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="350" />
      <source>Cut short</source>
      <translation>ادھوری ختم</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="158" />
      <source>Cut short…</source>
      <translation>ادھوری ختم…</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="156" />
      <source>Daftar — log in</source>
      <translation>دفتر — لاگ ان</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="396" />
      <source>Daftar — {name} ({profile})</source>
      <translation>دفتر — {name} ({profile})</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="183" />
      <source>Daily revenue report…</source>
      <translation>روزانہ آمدنی کی رپورٹ…</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="176" />
      <source>Dashboard</source>
      <translation>ڈیش بورڈ</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="99" />
      <source>Dashes go after the 5th and 12th digits (XXXXX-XXXXXXX-X); check {typed}</source>
      <translation>ڈیش پانچویں اور بارھویں ہندسے کے بعد آتے ہیں (XXXXX-XXXXXXX-X)؛ یہ دوبارہ دیکھیں: {typed}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="49" />
      <source>Date</source>
      <translation>تاریخ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="78" />
      <source>Date of birth</source>
      <translation>تاریخ پیدائش</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="116" />
      <source>Dates</source>
      <translation>تاریخیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="61" />
      <source>Daughter of (D/O)</source>
      <translation>دختر (D/O)</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="73" />
      <source>Day</source>
      <translation>دن</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="187" />
      <source>Day roster</source>
      <translation>دن کا روسٹر</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="186" />
      <source>Day's visit roster…</source>
      <translation>روزانہ ملاقات فہرست…</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="273" />
      <source>Decision</source>
      <translation>فیصلہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="167" />
      <source>Demo: log in as {username} / {password}</source>
      <translation>ڈیمو: {username} / {password} سے لاگ اِن کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="177" />
      <source>Differs from the first entry.</source>
      <translation>پہلے اندراج سے مختلف ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="213" />
      <source>Discard</source>
      <translation>ضائع کریں</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="208" />
      <source>Discard what you typed in this form?</source>
      <translation>اس فارم میں جو لکھا ہے، کیا اسے ضائع کر دیں؟</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="75" />
      <source>Dismiss</source>
      <translation>خارج کریں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="74" />
      <source>Dismiss with a note</source>
      <translation>نوٹ کے ساتھ خارج کریں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="53" />
      <source>Dismiss with a note…</source>
      <translation>نوٹ کے ساتھ خارج کریں…</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="380" />
      <source>District</source>
      <translation>ضلع</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="78" />
      <source>District {district} ({name}) has no tehsil with code {code}.</source>
      <translation>ضلع {district} ({name}) میں کوڈ {code} کی کوئی تحصیل نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="270" />
      <source>Documents</source>
      <translation>دستاویزات</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="144" />
      <source>Drop the scanned register page here.</source>
      <translation>رجسٹر کا اسکین شدہ صفحہ یہاں چھوڑیں۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="64" />
      <source>Due date</source>
      <translation>آخری تاریخ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="32" />
      <source>Duplicate</source>
      <translation>ڈپلیکیٹ</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="83" />
      <source>Duplicate payment</source>
      <translation>دہری ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/licences/edit.py" line="118" />
      <source>Edit details</source>
      <translation>تفصیل میں ترمیم</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="34" />
      <source>Edit details…</source>
      <translation>تفصیل میں ترمیم…</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="46" />
      <source>Edited</source>
      <translation>ترمیم ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="142" />
      <source>Employing department</source>
      <translation>ملازمت کا محکمہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="41" />
      <source>Entered</source>
      <translation>درج شدہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="63" />
      <source>Entered by</source>
      <translation>درج کنندہ</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="28" />
      <source>Entered from the register</source>
      <translation>رجسٹر سے درج کیا گیا</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="408" />
      <source>Exceptions</source>
      <translation>استثنائات</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="311" />
      <source>Exceptions ({n})</source>
      <translation>استثنائات ({n})</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="72" />
      <source>Expected</source>
      <translation>متوقع</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="43" />
      <source>Expired</source>
      <translation>میعاد ختم</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="65" />
      <source>Expiry date</source>
      <translation>میعاد ختم</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="56" />
      <source>FIR or affidavit</source>
      <translation>ایف آئی آر یا حلف نامہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="344" />
      <source>Family's phone</source>
      <translation>خاندان کا فون</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="47" />
      <source>Father's name</source>
      <translation>والد کا نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="115" />
      <source>Father's name (English)</source>
      <translation>والد کا نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="115" />
      <source>Father's name (Urdu)</source>
      <translation>والد کا نام (اردو)</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="50" />
      <source>Father's or husband's name</source>
      <translation>والد یا شوہر کا نام</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="75" />
      <source>Father's or husband's name (English)</source>
      <translation>والد یا شوہر کا نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="76" />
      <source>Father's or husband's name (Urdu)</source>
      <translation>والد یا شوہر کا نام (اردو)</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="269" />
      <source>Fee</source>
      <translation>فیس</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="66" />
      <source>Fee paid</source>
      <translation>فیس ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="235" />
      <source>Fees on the page</source>
      <translation>صفحے پر درج فیس</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="94" />
      <source>Fewest seats</source>
      <translation>کم از کم نشستیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="310" />
      <source>Field</source>
      <translation>خانہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="58" />
      <source>Field conflict</source>
      <translation>خانے کا تضاد</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="356" />
      <source>Figures from the server, as of the last sync ({when})</source>
      <translation>سرور کے اعداد و شمار، آخری ہم آہنگی ({when}) تک</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="54" />
      <source>Find</source>
      <translation>تلاش</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="28" />
      <source>Find inmate</source>
      <translation>قیدی تلاش کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="169" />
      <source>First entry</source>
      <translation>پہلا اندراج</translation>
    </message>
    <message>
      <location filename="desktop/inbox/resend.py" line="140" />
      <source>Fix and send again</source>
      <translation>درست کر کے دوبارہ بھیجیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="52" />
      <source>Fix and send again…</source>
      <translation>درست کر کے دوبارہ بھیجیں…</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="184" />
      <source>Fortnightly licence list…</source>
      <translation>پندرہ روزہ لائسنس فہرست…</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="86" />
      <source>Free slots</source>
      <translation>خالی اوقات</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="46" />
      <source>Free: {time} ({free} seats)</source>
      <translation>خالی: {time} ({free} نشستیں)</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Fri</source>
      <translation>جمعہ</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation type="vanished">پورا نام</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="195" />
      <source>Give the reason for rejecting.</source>
      <translation>مسترد کرنے کی وجہ لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="405" />
      <source>Help desk's office code</source>
      <translation>ہیلپ ڈیسک کے دفتر کا کوڈ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="310" />
      <source>History</source>
      <translation>تاریخچہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="49" />
      <source>Husband's name</source>
      <translation>شوہر کا نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="113" />
      <source>Husband's name (English)</source>
      <translation>شوہر کا نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="113" />
      <source>Husband's name (Urdu)</source>
      <translation>شوہر کا نام (اردو)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="327" />
      <source>Import</source>
      <translation>درآمد کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/view.py" line="28" />
      <source>Import from a spreadsheet…</source>
      <translation>اسپریڈشیٹ سے درآمد…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="220" />
      <source>Import mauza list</source>
      <translation>موضع جات کی فہرست درآمد کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/view.py" line="29" />
      <source>Import mauza list…</source>
      <translation>موضع جات کی فہرست درآمد کریں…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="143" />
      <source>Import register records</source>
      <translation>رجسٹر کے ریکارڈ درآمد کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="251" />
      <source>Imported {n} register entries.</source>
      <translation>رجسٹر کے {n} اندراجات درآمد ہو گئے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="275" />
      <source>Imported {ok} entries; {already} were already in the register; {bad} left out (listed below).</source>
      <translation>{ok} اندراجات درآمد ہو گئے؛ {already} پہلے سے رجسٹر میں تھے؛ {bad} شامل نہیں ہوئے (نیچے درج)۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="392" />
      <source>In process</source>
      <translation>زیر عمل</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="204" />
      <source>In&amp;box</source>
      <translation>ان باکس (&amp;B)</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="203" />
      <source>Inbox</source>
      <translation>ان باکس</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="65" />
      <source>Inmate</source>
      <translation>قیدی</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="41" />
      <source>Inmate moved</source>
      <translation>قیدی منتقل ہو گیا</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="58" />
      <source>Inmate no.</source>
      <translation>قیدی نمبر</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="53" />
      <source>Inmate number, name or father's name</source>
      <translation>قیدی نمبر، نام یا والد کا نام</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="38" />
      <source>Inmate registered</source>
      <translation>قیدی درج</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="40" />
      <source>Inmate released</source>
      <translation>قیدی رہا ہو گیا</translation>
    </message>
    <message>
      <source>Is {name} her father or her husband?</source>
      <translation type="vanished">کیا {name} ان کے والد ہیں یا شوہر؟</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="41" />
      <source>Issue licence</source>
      <translation>لائسنس جاری کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="35" />
      <source>Issue voucher</source>
      <translation>واؤچر جاری کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="303" />
      <source>Issued</source>
      <translation>جاری کردہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="536" />
      <source>Issuing licence…</source>
      <translation>لائسنس جاری ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="530" />
      <source>Issuing voucher…</source>
      <translation>واؤچر جاری ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="32" />
      <source>Kanal</source>
      <translation>کنال</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="214" />
      <source>Keep editing</source>
      <translation>لکھنا جاری رکھیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="50" />
      <source>Keep ours</source>
      <translation>ہماری قدر رکھیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="49" />
      <source>Keep the server's value</source>
      <translation>سرور کی قدر رکھیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="49" />
      <source>Keep this value</source>
      <translation>یہ قدر رکھیں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="35" />
      <source>Khasra nos.</source>
      <translation>خسرہ نمبر</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="55" />
      <source>Khatauni</source>
      <translation>کھتونی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="58" />
      <source>Khatauni no.</source>
      <translation>کھتونی نمبر</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="54" />
      <source>Khewat</source>
      <translation>کھیوٹ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="57" />
      <source>Khewat no.</source>
      <translation>کھیوٹ نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="41" />
      <source>Kind</source>
      <translation>قسم</translation>
    </message>
    <message>
      <source>Language</source>
      <translation type="vanished">زبان</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="134" />
      <source>Last sync: {when}</source>
      <translation>آخری ہم آہنگی: {when}</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="82" />
      <source>Late payment</source>
      <translation>تاخیر سے ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="144" />
      <source>Lead visitor</source>
      <translation>مرکزی ملاقاتی</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="93" />
      <source>Lead visitor's least age</source>
      <translation>مرکزی ملاقاتی کی کم از کم عمر</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="405" />
      <source>Lease seats</source>
      <translation>نشستیں مختص کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="87" />
      <source>Lease seats…</source>
      <translation>نشستیں مختص کریں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="299" />
      <source>Licence</source>
      <translation>لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/licences/known.py" line="121" />
      <source>Licence cancelled before: {numbers}.</source>
      <translation>پہلے منسوخ شدہ لائسنس: {numbers}۔</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="38" />
      <source>Licence cards</source>
      <translation>لائسنس کارڈ</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="25" />
      <source>Licence corrected</source>
      <translation>لائسنس کی تصحیح</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="67" />
      <source>Licence issued</source>
      <translation>لائسنس جاری شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="302" />
      <source>Licence number</source>
      <translation>لائسنس نمبر</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="514" />
      <source>Licence number {number} is already in use.</source>
      <translation>لائسنس نمبر {number} پہلے سے استعمال میں ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="351" />
      <source>Licence {number} is cancelled and cannot be renewed.</source>
      <translation>لائسنس {number} منسوخ ہے اور اس کی تجدید نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="581" />
      <source>Licence {number} is cancelled; a cancelled licence is not corrected.</source>
      <translation>لائسنس {number} منسوخ ہو چکا ہے؛ منسوخ شدہ لائسنس کی درستی نہیں کی جاتی۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="284" />
      <source>Licence {number}: the change and its reason go in the licence's history.</source>
      <translation>لائسنس {number}: تبدیلی اور اس کی وجہ لائسنس کی تاریخچے میں درج ہوں گی۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="59" />
      <source>Licences issued</source>
      <translation>جاری کردہ لائسنس</translation>
    </message>
    <message>
      <source>Loading applications…</source>
      <translation type="vanished">درخواستیں لوڈ ہو رہی ہیں…</translation>
    </message>
    <message>
      <location filename="desktop/record_table.py" line="287" />
      <source>Loading…</source>
      <translation>لوڈ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="175" />
      <source>Log in</source>
      <translation>داخل ہوں</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="158" />
      <source>Log in with your own username and password, so your work is recorded and signed under your name. Accounts are made by the district administrator on the server.</source>
      <translation>اپنے صارف نام اور پاس ورڈ سے لاگ اِن کریں تاکہ آپ کا کام آپ کے نام سے درج اور دستخط ہو۔ اکاؤنٹ ضلعی منتظم سرور پر بناتا ہے۔</translation>
    </message>
    <message>
      <source>Log in with your own username and password, so your work is recorded under your name.</source>
      <translation type="vanished">اپنے صارف نام اور پاس ورڈ سے داخل ہوں تاکہ آپ کا کام آپ کے نام سے درج ہو۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="42" />
      <source>M&amp;utations</source>
      <translation>انتقالات (&amp;U)</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="209" />
      <source>Make</source>
      <translation>ساخت</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="32" />
      <source>Marla</source>
      <translation>مرلہ</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="65" />
      <source>Marla must be 0–19 (20 marla make a kanal); you typed {value}</source>
      <translation>مرلے 0 سے 19 تک ہو سکتے ہیں (20 مرلے کی ایک کنال)؛ آپ نے {value} لکھا ہے</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="52" />
      <source>Mauza</source>
      <translation>موضع</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="230" />
      <source>Missing documents: {documents}.</source>
      <translation>غیر موجود دستاویزات: {documents}۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="83" />
      <source>Missing documents: {names}.</source>
      <translation>غیر موجود دستاویزات: {names}۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="71" />
      <source>Mobile</source>
      <translation>موبائل</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Mon</source>
      <translation>پیر</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="92" />
      <source>Most adults</source>
      <translation>زیادہ سے زیادہ بالغ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="95" />
      <source>Most seats</source>
      <translation>زیادہ سے زیادہ نشستیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="91" />
      <source>Most visitors</source>
      <translation>زیادہ سے زیادہ ملاقاتی</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="388" />
      <source>Move visit</source>
      <translation>ملاقات منتقل کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="160" />
      <source>Move…</source>
      <translation>منتقل کریں…</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="63" />
      <source>Mutation</source>
      <translation>انتقال</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="386" />
      <source>Mutation backlog per tehsil</source>
      <translation>تحصیل وار زیر التوا انتقالات</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="34" />
      <source>Mutation no.</source>
      <translation>نمبر انتقال</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="414" />
      <source>Mutation no. {number} is already recorded in this tehsil.</source>
      <translation>انتقال نمبر {number} اس تحصیل میں پہلے سے درج ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="401" />
      <source>Mutation {id} was already recorded.</source>
      <translation>انتقال {id} پہلے ہی درج ہو چکا ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="88" />
      <source>Mutation {number}</source>
      <translation>انتقال {number}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="41" />
      <source>Mutations</source>
      <translation>انتقالات</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="107" />
      <source>Name</source>
      <translation>نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="245" />
      <source>Name (&amp;Urdu)</source>
      <translation>نام (اردو) (&amp;U)</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="73" />
      <source>Name (English)</source>
      <translation>نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="74" />
      <source>Name (Urdu)</source>
      <translation>نام (اردو)</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="308" />
      <source>Name at least the lead visitor.</source>
      <translation>کم از کم مرکزی ملاقاتی کا نام لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="136" />
      <source>Needs attention: {n}</source>
      <translation>توجہ طلب: {n}</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="30" />
      <source>New</source>
      <translation>نیا</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="31" />
      <source>New application</source>
      <translation>نئی درخواست</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="395" />
      <source>New arms licence application</source>
      <translation>نئے اسلحہ لائسنس کی درخواست</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="388" />
      <source>New slot</source>
      <translation>نیا وقت</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="384" />
      <source>No free slot to move the visit to.</source>
      <translation>ملاقات منتقل کرنے کے لیے کوئی خالی وقت نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/detail_pane.py" line="97" />
      <source>No history yet.</source>
      <translation>ابھی کوئی تاریخچہ نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="292" />
      <source>No licence has been issued on this application yet.</source>
      <translation>اس درخواست پر ابھی کوئی لائسنس جاری نہیں ہوا۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="563" />
      <source>No licence with this number is in this office's records.</source>
      <translation>اس نمبر کا کوئی لائسنس اس دفتر کے ریکارڈ میں نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="117" />
      <source>No mutations yet.</source>
      <translation>ابھی کوئی انتقال نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="71" />
      <source>No print service was found on this computer: choose Save as PDF for this document, or install the printer.</source>
      <translation>اس کمپیوٹر پر پرنٹ سروس نہیں ملی: اس دستاویز کے لیے «پی ڈی ایف کے طور پر محفوظ کریں» منتخب کریں، یا پرنٹر انسٹال کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="389" />
      <source>No records in this range</source>
      <translation>اس مدت میں کوئی ریکارڈ نہیں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="237" />
      <source>No scan was attached to this entry.</source>
      <translation>اس اندراج کے ساتھ کوئی اسکین منسلک نہیں کیا گیا۔</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="373" />
      <source>No server is configured for this profile: work is kept on this computer.</source>
      <translation>اس پروفائل کے لیے کوئی سرور مقرر نہیں: کام اسی کمپیوٹر پر محفوظ ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="351" />
      <source>No tax schedule covers this date: type the fees written on the page.</source>
      <translation>اس تاریخ پر کوئی ٹیکس شیڈول نافذ نہیں: صفحے پر لکھی فیس درج کریں۔</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="146" />
      <source>No {what} schedule is in force on {day}{earliest}</source>
      <translation>{day} کو {what} کا کوئی شیڈول نافذ نہیں{earliest}</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="441" />
      <source>No {what} with code {code} in {file}.</source>
      <translation>{file} میں {what} کا کوڈ {code} موجود نہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="41" />
      <source>No {what} with id {id} is known here; it may not have synced yet.</source>
      <translation>{what} (شناخت {id}) یہاں موجود نہیں؛ ممکن ہے ابھی ہم آہنگی نہ ہوئی ہو۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="157" />
      <source>No-show</source>
      <translation>حاضر نہیں ہوئے</translation>
    </message>
    <message>
      <location filename="desktop/licences/documents.py" line="188" />
      <source>None of the selected applications has a challan to pay.</source>
      <translation>منتخب درخواستوں میں سے کسی کا بھی قابلِ ادائیگی چالان نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="114" />
      <source>Not enrolled</source>
      <translation>اندراج نہیں ہوا</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="359" />
      <source>Not saved: {error}</source>
      <translation>محفوظ نہیں ہوا: {error}</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="76" />
      <source>Note</source>
      <translation>نوٹ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="291" />
      <source>Nothing is waiting for a person.</source>
      <translation>کوئی چیز توجہ کی منتظر نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/edit.py" line="55" />
      <source>Nothing was changed.</source>
      <translation>کچھ بھی تبدیل نہیں کیا گیا۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="94" />
      <source>Office {office} already holds {held} booking(s) in this slot; lease it at least {held} seat(s).</source>
      <translation>دفتر {office} کی اس وقت میں پہلے سے {held} بکنگ ہیں؛ اسے کم از کم {held} نشستیں مختص کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="111" />
      <source>Offline</source>
      <translation>آف لائن</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="119" />
      <source>Offline — no server configured</source>
      <translation>آف لائن — کوئی سرور مقرر نہیں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="354" />
      <source>Offline: this desk's records, as of the last sync ({when})</source>
      <translation>آف لائن: اس ڈیسک کے ریکارڈ، آخری ہم آہنگی ({when}) تک</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="55" />
      <source>Old licence</source>
      <translation>پرانا لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="110" />
      <source>Online</source>
      <translation>آن لائن</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="349" />
      <source>Online; the server has sent no figures yet: counted from this desk's records (last sync {when})</source>
      <translation>آن لائن؛ سرور نے ابھی اعداد و شمار نہیں بھیجے: اس ڈیسک کے ریکارڈ سے گنتی (آخری ہم آہنگی {when})</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="729" />
      <source>Only a confirmed visit can be checked in; this one is {status}.</source>
      <translation>صرف تصدیق شدہ ملاقات کی حاضری لگ سکتی ہے؛ یہ {status} ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="76" />
      <source>Only a licence officer or a supervisor may correct an issued licence.</source>
      <translation>جاری شدہ لائسنس صرف لائسنس افسر یا سپروائزر درست کر سکتا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="659" />
      <source>Only a live visit can be moved; this one is {status}.</source>
      <translation>صرف جاری ملاقات منتقل ہو سکتی ہے؛ یہ {status} ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/certificate.py" line="55" />
      <source>Only an attested mutation has a certificate.</source>
      <translation>سرٹیفکیٹ صرف تصدیق شدہ انتقال کا ہوتا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="198" />
      <source>Only an attested mutation is corrected by a correcting mutation; this one is {state}: return or edit it instead.</source>
      <translation>انتقال درستی صرف تصدیق شدہ انتقال کا ہوتا ہے؛ یہ انتقال {state} ہے: اسے واپس کریں یا اس میں ترمیم کریں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="110" />
      <source>Only {most} seat(s) of this slot can be leased to {office}; the others are leased or booked.</source>
      <translation>اس وقت کی صرف {most} نشستیں {office} کو مختص ہو سکتی ہیں؛ باقی مختص یا بک ہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="86" />
      <source>Open</source>
      <translation>کھلا</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="285" />
      <source>Open its items in the Inbox</source>
      <translation>اس کی اشیاء ان باکس میں کھولیں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="142" />
      <source>Opening the scan…</source>
      <translation>اسکین کھل رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="88" />
      <source>Opens for booking on</source>
      <translation>بکنگ کھلنے کی تاریخ</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="91" />
      <source>Operator {operator} has no key registered for this desk; log in online on this desk once.</source>
      <translation>آپریٹر {operator} کی اس ڈیسک کے لیے کوئی کلید درج نہیں؛ اس ڈیسک پر ایک بار آن لائن لاگ ان کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="66" />
      <source>Order date</source>
      <translation>تاریخ حکم</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="318" />
      <source>Our value</source>
      <translation>ہماری قدر</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="81" />
      <source>Over payment</source>
      <translation>زائد ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="60" />
      <source>PSID</source>
      <translation>PSID</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="36" />
      <source>PSID {psid} is already on another voucher.</source>
      <translation>PSID {psid} پہلے ہی کسی دوسرے واؤچر پر درج ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="29" />
      <source>PSID {psid} was not leased to this device.</source>
      <translation>PSID {psid} اس کمپیوٹر کو الاٹ نہیں کیا گیا۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="176" />
      <source>Pa&amp;yments</source>
      <translation>ادائیگیاں (&amp;Y)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="246" />
      <source>Page {n}</source>
      <translation>صفحہ {n}</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="42" />
      <source>Paid</source>
      <translation>ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="84" />
      <source>Paid for a cancelled voucher</source>
      <translation>منسوخ واؤچر کی ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="80" />
      <source>Partial payment</source>
      <translation>جزوی ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="89" />
      <source>Parties</source>
      <translation>فریقین</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="301" />
      <source>Password</source>
      <translation>پاس ورڈ</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation type="vanished">پاس ورڈ دوبارہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="208" />
      <source>Payable after this office's next sync — usually the same day.</source>
      <translation>اس دفتر کی اگلی سنک کے بعد قابلِ ادائیگی — عموماً اسی دن۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="61" />
      <source>Payer</source>
      <translation>ادا کنندہ</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="67" />
      <source>Payment</source>
      <translation>ادائیگی</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="26" />
      <source>Payment exception cleared</source>
      <translation>ادائیگی کا استثنا نمٹایا گیا</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="19" />
      <source>Payment recorded</source>
      <translation>ادائیگی درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="175" />
      <source>Payments</source>
      <translation>ادائیگیاں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="114" />
      <source>Pending mutations at the end of each week</source>
      <translation>ہر ہفتے کے آخر میں زیر التوا انتقالات</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="185" />
      <source>Pending mutations report…</source>
      <translation>زیر التواء انتقالات رپورٹ…</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="135" />
      <source>Pending: {n}</source>
      <translation>زیر التوا: {n}</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="401" />
      <source>Pick a slot in the calendar.</source>
      <translation>کیلنڈر میں وقت منتخب کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="325" />
      <source>Pick a visit in the roster.</source>
      <translation>روسٹر میں ملاقات منتخب کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="246" />
      <source>Pick an inmate, then a slot in the calendar.</source>
      <translation>قیدی منتخب کریں، پھر کیلنڈر میں وقت۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="142" />
      <source>Police</source>
      <translation>پولیس</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="54" />
      <source>Police clearance</source>
      <translation>پولیس کلیئرنس</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="36" />
      <source>Print challan</source>
      <translation>چالان پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="48" />
      <source>Print challan again</source>
      <translation>چالان دوبارہ پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="42" />
      <source>Print licence card</source>
      <translation>لائسنس کارڈ پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="30" />
      <source>Print visit slip</source>
      <translation>ملاقات کی پرچی پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="117" />
      <source>Printers</source>
      <translation>پرنٹر</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="557" />
      <source>Printing challans…</source>
      <translation>چالان پرنٹ ہو رہے ہیں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="567" />
      <source>Printing challan…</source>
      <translation>چالان پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="580" />
      <source>Printing licence card…</source>
      <translation>لائسنس کارڈ پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="456" />
      <source>Printing…</source>
      <translation>پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="58" />
      <source>Prison</source>
      <translation>جیل</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="67" />
      <source>Prison visits</source>
      <translation>جیل ملاقاتیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="48" />
      <source>Provincial</source>
      <translation>صوبائی</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="176" />
      <source>Quit</source>
      <translation>بند کریں</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="217" />
      <source>Quit Daftar</source>
      <translation>دفتر بند کریں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="75" />
      <source>Raised</source>
      <translation>درج ہوا</translation>
    </message>
    <message>
      <location filename="desktop/action_dialog.py" line="83" />
      <source>Reason</source>
      <translation>وجہ</translation>
    </message>
    <message>
      <location filename="desktop/detail_pane.py" line="67" />
      <source>Reason: {reason}</source>
      <translation>وجہ: {reason}</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="97" />
      <source>Record</source>
      <translation>ریکارڈ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="121" />
      <source>Record verification</source>
      <translation>تصدیق درج کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="33" />
      <source>Refresh</source>
      <translation>تازہ کریں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="182" />
      <source>Refresh figures</source>
      <translation>اعداد و شمار تازہ کریں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="56" />
      <source>Refused</source>
      <translation>مسترد</translation>
    </message>
    <message>
      <location filename="desktop/licences/known.py" line="126" />
      <source>Refused before: {numbers}.</source>
      <translation>پہلے مسترد: {numbers}۔</translation>
    </message>
    <message>
      <source>Refused changes and conflicts waiting for a person; click to open Conflicts.</source>
      <translation type="vanished">مسترد شدہ تبدیلیاں اور تضادات جو کسی فرد کے منتظر ہیں؛ تضادات کھولنے کے لیے کلک کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="139" />
      <source>Refused changes and conflicts waiting for a person; click to open the Inbox.</source>
      <translation>مسترد شدہ تبدیلیاں اور تضادات جو کسی فرد کے منتظر ہیں؛ ان باکس کھولنے کے لیے کلک کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="48" />
      <source>Refused step dismissed</source>
      <translation>مسترد قدم خارج کیا گیا</translation>
    </message>
    <message>
      <location filename="desktop/mutations/view.py" line="114" />
      <source>Register</source>
      <translation>رجسٹر</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="474" />
      <source>Register entry</source>
      <translation>رجسٹر اندراج</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="324" />
      <source>Register field</source>
      <translation>رجسٹر کا خانہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="184" />
      <source>Reject</source>
      <translation>مسترد کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="183" />
      <source>Reject application</source>
      <translation>درخواست مسترد کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="191" />
      <source>Reject mutation</source>
      <translation>انتقال مسترد کریں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="68" />
      <source>Rejected</source>
      <translation>مسترد شدہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="77" />
      <source>Relation</source>
      <translation>رشتہ</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="107" />
      <source>Relationship</source>
      <translation>رشتہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="79" />
      <source>Remarks</source>
      <translation>کیفیت</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="176" />
      <source>Remarks (optional)</source>
      <translation>کیفیت (اختیاری)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="501" />
      <source>Renew an arms licence</source>
      <translation>اسلحہ لائسنس کی تجدید</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="356" />
      <source>Renew instead</source>
      <translation>اس کی بجائے تجدید</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="31" />
      <source>Renewal</source>
      <translation>تجدید</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="16" />
      <source>Renewal submitted</source>
      <translation>تجدید کی درخواست جمع ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="85" />
      <source>Report saved: {path}</source>
      <translation>رپورٹ محفوظ ہو گئی: {path}</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="41" />
      <source>Reports</source>
      <translation>رپورٹیں</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="31" />
      <source>Resubmitted</source>
      <translation>دوبارہ پیش کیا گیا</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="132" />
      <source>Result</source>
      <translation>نتیجہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/table_model.py" line="26" />
      <source>Returned for correction</source>
      <translation>درستی کے لیے واپس</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="384" />
      <source>Revenue (Rs)</source>
      <translation>آمدنی (روپے)</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="57" />
      <source>Revenue collected</source>
      <translation>وصول شدہ آمدنی</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="58" />
      <source>Revenue in process</source>
      <translation>زیر عمل آمدنی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="65" />
      <source>Revenue officer</source>
      <translation>ریونیو افسر</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="115" />
      <source>Revoked</source>
      <translation>منسوخ</translation>
    </message>
    <message>
      <source>Role (1 transferor, 2 transferee)</source>
      <translation type="vanished">کردار (1 بائع، 2 مشتری)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="131" />
      <source>Row {n}</source>
      <translation>قطار {n}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/mauzas.py" line="94" />
      <source>Row {n}: a mauza name of 1 to {limit} characters is needed.</source>
      <translation>قطار {n}: موضع کا نام 1 سے {limit} حروف تک ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="335" />
      <source>Row {n}: the role must be transferor or transferee.</source>
      <translation>قطار {n}: فریق منتقل کنندہ (transferor) یا منتقل الیہ (transferee) ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/mauzas.py" line="90" />
      <source>Row {n}: unknown tehsil {code}.</source>
      <translation>قطار {n}: نامعلوم تحصیل {code}۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="112" />
      <source>Row {row}: role must be 1 (transferor) or 2 (transferee).</source>
      <translation>قطار {row}: کردار 1 (بائع) یا 2 (مشتری) ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="126" />
      <source>Row {row}: type the party's name.</source>
      <translation>قطار {row}: فریق کا نام لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="133" />
      <source>Row {row}: {error}</source>
      <translation>قطار {row}: {error}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="325" />
      <source>Rows</source>
      <translation>قطاریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="132" />
      <source>Rows {first}–{last}</source>
      <translation>قطاریں {first}–{last}</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="167" />
      <source>Rs {paid} paid against Rs {due} due.</source>
      <translation>واجب الادا رقم {due} روپے تھی مگر {paid} روپے ادا ہوئے۔</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="32" />
      <source>Sarsai</source>
      <translation>سرسائی</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="70" />
      <source>Sarsai must be 0–8 (9 sarsai make a marla); you typed {value}</source>
      <translation>سرسائی 0 سے 8 تک ہو سکتی ہے (9 سرسائی کا ایک مرلہ)؛ آپ نے {value} لکھا ہے</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Sat</source>
      <translation>ہفتہ</translation>
    </message>
    <message>
      <location filename="desktop/action_dialog.py" line="36" />
      <source>Save</source>
      <translation>محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="623" />
      <source>Save PDF</source>
      <translation>پی ڈی ایف محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="483" />
      <source>Save and next (Ctrl+S)</source>
      <translation>محفوظ کریں اور اگلا (Ctrl+S)</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="131" />
      <source>Save as PDF</source>
      <translation>پی ڈی ایف کے طور پر محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="395" />
      <source>Save challan</source>
      <translation>چالان محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="239" />
      <source>Save correction</source>
      <translation>درستی محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="104" />
      <source>Save report</source>
      <translation>رپورٹ محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="483" />
      <source>Save the correction (Ctrl+S)</source>
      <translation>درستی محفوظ کریں (Ctrl+S)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="328" />
      <source>Save the list…</source>
      <translation>فہرست محفوظ کریں…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="295" />
      <source>Save the rows left out</source>
      <translation>رہ جانے والی قطاریں محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="440" />
      <source>Save visit slip</source>
      <translation>ملاقات کی پرچی محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="193" />
      <source>Save weapon</source>
      <translation>اسلحہ محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/record_table.py" line="145" />
      <source>Saved on this computer; it will be sent at the next sync.</source>
      <translation>اس کمپیوٹر پر محفوظ ہے؛ اگلی ہم آہنگی میں بھیج دیا جائے گا۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="57" />
      <source>Saved with a conflict</source>
      <translation>تضاد کے ساتھ محفوظ</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="616" />
      <source>Saved {path}</source>
      <translation>محفوظ ہوا: {path}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="459" />
      <source>Saved {summary}. Next entry:</source>
      <translation>محفوظ: {summary}۔ اگلا اندراج:</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="286" />
      <source>Saving…</source>
      <translation>محفوظ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="392" />
      <source>Say why the attested mutation is corrected.</source>
      <translation>بتائیں کہ تصدیق شدہ انتقال کیوں درست کیا جا رہا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="228" />
      <source>Say why the mutation is corrected (at least {n} characters).</source>
      <translation>بتائیں کہ انتقال کیوں درست کیا جا رہا ہے (کم از کم {n} حروف)۔</translation>
    </message>
    <message>
      <source>Search</source>
      <translation type="vanished">تلاش</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="179" />
      <source>Search vouchers: PSID, CNIC, payer's name or bank transaction id</source>
      <translation>واؤچر تلاش: PSID، شناختی کارڈ، ادا کنندہ کا نام یا بینک ٹرانزیکشن نمبر</translation>
    </message>
    <message>
      <source>Search: CNIC, application or licence number, or name (Ctrl+F)</source>
      <translation type="vanished">تلاش: شناختی کارڈ، درخواست یا لائسنس نمبر، یا نام (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="94" />
      <source>Search: any part of a name, CNIC, application, licence, PSID or mobile number (Ctrl+F)</source>
      <translation>تلاش: نام کا کوئی حصہ، شناختی کارڈ، درخواست، لائسنس، PSID یا موبائل نمبر (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="45" />
      <source>Search: mutation number, party CNIC or name (Ctrl+F)</source>
      <translation>تلاش: نمبر انتقال، فریق کا شناختی کارڈ یا نام (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="288" />
      <source>Search: {text}</source>
      <translation>تلاش: {text}</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="37" />
      <source>Seats leased</source>
      <translation>نشستیں مختص</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="413" />
      <source>Seats leased to it</source>
      <translation>اسے مختص نشستیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/resend.py" line="141" />
      <source>Send again</source>
      <translation>دوبارہ بھیجیں</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="614" />
      <source>Sent to {printer}</source>
      <translation>{printer} کو بھیج دیا گیا</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="112" />
      <source>Server busy</source>
      <translation>سرور مصروف ہے</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="333" />
      <source>Server's reason</source>
      <translation>سرور کی وجہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="312" />
      <source>Server's value</source>
      <translation>سرور کی قدر</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="294" />
      <source>Session locked</source>
      <translation>سیشن مقفل ہے</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="57" />
      <source>Share</source>
      <translation>حصہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="58" />
      <source>Share held</source>
      <translation>موجودہ حصہ</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="238" />
      <source>Shares do not balance: transferors give {given} but transferees get {got}</source>
      <translation>حصص برابر نہیں: منتقل کنندگان {given} دے رہے ہیں مگر منتقل الیہان کو {got} مل رہا ہے</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="454" />
      <source>Slip saved: {path}</source>
      <translation>پرچی محفوظ ہو گئی: {path}</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="39" />
      <source>Slips</source>
      <translation>پرچیاں</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="36" />
      <source>Slot opened</source>
      <translation>وقت کھولا گیا</translation>
    </message>
    <message>
      <location filename="desktop/record_table.py" line="148" />
      <source>Someone else changed this record at the same time; open it to see both values.</source>
      <translation>کسی اور نے اسی وقت یہ ریکارڈ بدلا؛ دونوں قدریں دیکھنے کے لیے اسے کھولیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="171" />
      <source>Someone else changed {fields} at the same time as “{step}”. The server's value stands and yours is kept beside it.</source>
      <translation>کسی اور نے «{step}» کے ساتھ ہی {fields} بدلا۔ سرور کی قدر برقرار ہے اور آپ کی قدر اس کے ساتھ محفوظ ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="60" />
      <source>Son of (S/O)</source>
      <translation>ولد (S/O)</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="143" />
      <source>Spreadsheets (*.csv *.xlsx)</source>
      <translation>اسپریڈشیٹ (*.csv *.xlsx)</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="76" />
      <source>State</source>
      <translation>حالت</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="390" />
      <source>Status</source>
      <translation>حیثیت</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="233" />
      <source>Stay</source>
      <translation>رکیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="330" />
      <source>Step</source>
      <translation>قدم</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="97" />
      <source>Step or field</source>
      <translation>قدم یا خانہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="396" />
      <source>Submit application</source>
      <translation>درخواست جمع کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="502" />
      <source>Submit renewal</source>
      <translation>تجدید جمع کریں</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="62" />
      <source>Submitted</source>
      <translation>جمع شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="71" />
      <source>Submitted from</source>
      <translation>جمع ہونے کی تاریخ از</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Sun</source>
      <translation>اتوار</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="278" />
      <source>Sync</source>
      <translation>ہم آہنگی</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="416" />
      <source>Sync now</source>
      <translation>ابھی ہم آہنگ کریں</translation>
    </message>
    <message>
      <source>Sync now (Ctrl+Shift+S)</source>
      <translation type="vanished">ابھی ہم آہنگ کریں (Ctrl+Shift+S)</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="113" />
      <source>Syncing…</source>
      <translation>ہم آہنگی جاری ہے…</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="348" />
      <source>Taxes come from the schedule in force on this date.</source>
      <translation>ٹیکس اس تاریخ کو نافذ شیڈول سے لیے جائیں گے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="196" />
      <source>Tehsil</source>
      <translation>تحصیل</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="141" />
      <source>Terminal</source>
      <translation>ٹرمینل</translation>
    </message>
    <message>
      <location filename="domain/values/relation.py" line="55" />
      <source>The CNIC ends in an even digit, a woman's: the relation is D/O or W/O.</source>
      <translation>شناختی کارڈ کا آخری ہندسہ جفت ہے، یعنی خاتون کا: رشتہ دختر (D/O) یا زوجہ (W/O) ہے۔</translation>
    </message>
    <message>
      <location filename="domain/values/relation.py" line="51" />
      <source>The CNIC ends in an odd digit, a man's: the relation can only be S/O.</source>
      <translation>شناختی کارڈ کا آخری ہندسہ طاق ہے، یعنی مرد کا: رشتہ صرف ولد (S/O) ہو سکتا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="110" />
      <source>The applicant is {age}; an arms licence needs an applicant of {minimum} or older.</source>
      <translation>درخواست گزار کی عمر {age} سال ہے؛ اسلحہ لائسنس کے لیے عمر کم از کم {minimum} سال ہونی چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="91" />
      <source>The bottom of a share cannot be 0 ({typed})</source>
      <translation>حصے کا نچلا عدد 0 نہیں ہو سکتا ({typed})</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="287" />
      <source>The central server has revoked this computer's enrolment, so it cannot record or send work. Your work stays in the store. Ask the district administrator to enrol this computer again.</source>
      <translation>مرکزی سرور نے اس کمپیوٹر کا اندراج منسوخ کر دیا ہے، اس لیے یہ نہ کام درج کر سکتا ہے نہ بھیج سکتا ہے۔ آپ کا کام محفوظ ہے۔ ضلعی منتظم سے کہیں کہ اس کمپیوٹر کا دوبارہ اندراج کرے۔</translation>
    </message>
    <message>
      <location filename="server/apply.py" line="558" />
      <source>The command</source>
      <translation>یہ حکم</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="305" />
      <source>The consideration cannot be negative ({amount})</source>
      <translation>زرِ ثمن منفی نہیں ہو سکتا ({amount})</translation>
    </message>
    <message>
      <location filename="domain/commands/corrections.py" line="59" />
      <source>The correction changes nothing.</source>
      <translation>اس درستی سے کچھ نہیں بدلتا۔</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="107" />
      <source>The date of birth is in the future.</source>
      <translation>تاریخ پیدائش مستقبل کی ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="70" />
      <source>The expiry date cannot be before the due date.</source>
      <translation>میعاد ختم ہونے کی تاریخ ادائیگی کی آخری تاریخ سے پہلے نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="59" />
      <source>The fee on the application does not match its schedule {version}.</source>
      <translation>درخواست پر درج فیس اس کے فیس شیڈول {version} کے مطابق نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="192" />
      <source>The file could not be read: {reason}</source>
      <translation>فائل پڑھی نہ جا سکی: {reason}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="198" />
      <source>The file has more than {n} rows; split it.</source>
      <translation>فائل میں {n} سے زیادہ قطاریں ہیں؛ اسے تقسیم کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="207" />
      <source>The file holds NUL characters: it is not a CSV file.</source>
      <translation>فائل میں NUL حروف ہیں: یہ CSV فائل نہیں ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="195" />
      <source>The file is empty.</source>
      <translation>فائل خالی ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="189" />
      <source>The file is not UTF-8 text; save it as CSV UTF-8.</source>
      <translation>فائل UTF-8 متن نہیں ہے؛ اسے CSV UTF-8 کے طور پر محفوظ کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="223" />
      <source>The file is not an .xlsx workbook: {reason}</source>
      <translation>فائل ‏.xlsx ورک بک نہیں ہے: {reason}</translation>
    </message>
    <message>
      <location filename="desktop/mutations/mauzas.py" line="75" />
      <source>The file needs a 'tehsil' column and a 'mauza' column.</source>
      <translation>فائل میں 'tehsil' اور 'mauza' کے کالم ہونے چاہئیں۔</translation>
    </message>
    <message>
      <source>The inmate has used all {allowance} visits of that week.</source>
      <translation type="vanished">اس ہفتے قیدی کی تمام {allowance} ملاقاتیں ہو چکی ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="516" />
      <source>The inmate has used all {allowance} visits of that week; the allowance renews on {renews}. Next slot: {next}.</source>
      <translation>قیدی اس ہفتے کی تمام {allowance} ملاقاتیں استعمال کر چکا ہے؛ حد {renews} کو دوبارہ شروع ہو گی۔ اگلا وقت: {next}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="469" />
      <source>The inmate is {status}; visits cannot be booked.</source>
      <translation>قیدی کی حیثیت {status} ہے؛ ملاقات طے نہیں کی جا سکتی۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/resend.py" line="210" />
      <source>The inmate or the slot of this booking is no longer on this desk.</source>
      <translation>اس بکنگ کا قیدی یا وقت اب اس ڈیسک پر موجود نہیں۔</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="68" />
      <source>The last digit of a CNIC is never 0</source>
      <translation>شناختی کارڈ نمبر کا آخری ہندسہ کبھی 0 نہیں ہوتا</translation>
    </message>
    <message>
      <source>The lead visitor is banned from visits.</source>
      <translation type="vanished">مرکزی ملاقاتی پر ملاقات کی پابندی ہے۔</translation>
    </message>
    <message>
      <source>The lead visitor is not on this inmate's approved visitor list.</source>
      <translation type="vanished">مرکزی ملاقاتی اس قیدی کے منظور شدہ ملاقاتیوں کی فہرست میں شامل نہیں۔</translation>
    </message>
    <message>
      <source>The lead visitor must be {age} or older.</source>
      <translation type="vanished">مرکزی ملاقاتی کی عمر کم از کم {age} سال ہونی چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="381" />
      <source>The lead visitor must be {age} or older; name an adult as lead.</source>
      <translation>مرکزی ملاقاتی کی عمر کم از کم {age} سال ہونی چاہیے؛ کسی بالغ کو مرکزی ملاقاتی بنائیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="92" />
      <source>The login could not be checked: {error}</source>
      <translation>لاگ ان کی جانچ نہ ہو سکی: {error}</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="591" />
      <source>The meeting token must be 22 to 64 URL-safe characters.</source>
      <translation>ملاقات کا ٹوکن 22 سے 64 یو آر ایل محفوظ حروف کا ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="79" />
      <source>The printer {printer} refused the document: {reason}</source>
      <translation>پرنٹر {printer} نے دستاویز قبول نہیں کی: {reason}</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="550" />
      <source>The prison takes no visits at {time}. Next slot: {next}.</source>
      <translation>جیل {time} پر ملاقات نہیں کرواتی۔ اگلا وقت: {next}۔</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="268" />
      <source>The public key is not an Ed25519 key (32 bytes, base64).</source>
      <translation>پبلک کلید Ed25519 کلید (32 بائٹ، base64) نہیں ہے۔</translation>
    </message>
    <message>
      <source>The record clashes with one already on the server: {detail}</source>
      <translation type="vanished">یہ ریکارڈ سرور پر پہلے سے موجود ریکارڈ سے ٹکراتا ہے: {detail}</translation>
    </message>
    <message>
      <location filename="domain/values/relation.py" line="40" />
      <source>The relation must be son of (S/O), daughter of (D/O) or wife of (W/O); got {value}.</source>
      <translation>رشتہ ولد (S/O)، دختر (D/O) یا زوجہ (W/O) ہونا چاہیے؛ درج ہے {value}۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="91" />
      <source>The report could not be written: {error}. Check the folder and try again.</source>
      <translation>رپورٹ نہیں لکھی جا سکی: {error}۔ فولڈر دیکھیں اور دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="89" />
      <source>The report was cancelled; no file was written.</source>
      <translation>رپورٹ منسوخ کر دی گئی؛ کوئی فائل نہیں لکھی گئی۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="324" />
      <source>The same field was changed on two desks. The server's value stands until you keep one or type the right one.</source>
      <translation>ایک ہی خانہ دو ڈیسکوں پر تبدیل کیا گیا۔ جب تک آپ ایک قدر نہ رکھیں یا درست قدر نہ لکھیں، سرور کی قدر برقرار رہے گی۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="538" />
      <source>The scan must be sent as base64 text.</source>
      <translation>اسکین base64 متن کی صورت میں بھیجا جانا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="189" />
      <source>The server has this record.</source>
      <translation>یہ ریکارڈ سرور پر موجود ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="126" />
      <source>The server is busy; this desk tries again in {seconds} s. Your work is kept on this desk.</source>
      <translation>سرور مصروف ہے؛ یہ ڈیسک {seconds} سیکنڈ بعد دوبارہ کوشش کرے گا۔ آپ کا کام اسی ڈیسک پر محفوظ ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/record_table.py" line="147" />
      <source>The server refused a change to this record; open it to see why.</source>
      <translation>سرور نے اس ریکارڈ میں تبدیلی مسترد کر دی؛ وجہ دیکھنے کے لیے اسے کھولیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="83" />
      <source>The server refused the login: {error}</source>
      <translation>سرور نے لاگ اِن قبول نہیں کیا: {error}</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="339" />
      <source>The server refused this step; nothing of it was applied. Fix it and send it again, or dismiss it with a note.</source>
      <translation>سرور نے یہ قدم مسترد کر دیا؛ اس کا کچھ بھی لاگو نہیں ہوا۔ اسے درست کر کے دوبارہ بھیجیں، یا نوٹ کے ساتھ خارج کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="150" />
      <source>The server refused “{step}”: {message}</source>
      <translation>سرور نے «{step}» مسترد کر دیا: {message}</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="349" />
      <source>The server saved this step but kept another desk's value for a field. Resolve the conflict, then dismiss this with a note.</source>
      <translation>سرور نے یہ قدم محفوظ کر لیا مگر ایک خانے میں دوسرے ڈیسک کی قدر رکھی۔ تضاد حل کریں، پھر اسے نوٹ کے ساتھ خارج کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="296" />
      <source>The session was locked after a time without use. {name}, type your password to carry on; your work is as you left it.</source>
      <translation>کچھ دیر استعمال نہ ہونے پر سیشن مقفل ہو گیا۔ {name}، جاری رکھنے کے لیے اپنا پاس ورڈ لکھیں؛ آپ کا کام ویسا ہی ہے جیسا آپ نے چھوڑا تھا۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="124" />
      <source>The share given by {who} must be more than 0; it is {share}</source>
      <translation>{who} کا منتقل کردہ حصہ 0 سے زیادہ ہونا چاہیے؛ یہ {share} ہے</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="120" />
      <source>The share held by {who} must be more than 0; it is {share}</source>
      <translation>{who} کی ملکیت کا حصہ 0 سے زیادہ ہونا چاہیے؛ یہ {share} ہے</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="127" />
      <source>The share received by {who} must be more than 0; it is {share}</source>
      <translation>{who} کو ملنے والا حصہ 0 سے زیادہ ہونا چاہیے؛ یہ {share} ہے</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="102" />
      <source>The signature does not match this command and operator {operator}: it was changed after signing or signed by someone else. It was not applied.</source>
      <translation>دستخط اس کام اور آپریٹر {operator} سے مطابقت نہیں رکھتے: یہ دستخط کے بعد بدلا گیا یا کسی اور نے دستخط کیے۔ یہ لاگو نہیں ہوا۔</translation>
    </message>
    <message>
      <source>The slot at {time} UTC is full.</source>
      <translation type="vanished">{time} UTC کے ملاقات کے وقت میں کوئی جگہ خالی نہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="530" />
      <source>The slot at {time} is full. Next slot: {next}.</source>
      <translation>{time} کا وقت بھر چکا ہے۔ اگلا وقت: {next}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="465" />
      <source>The slot is at another prison than the inmate's.</source>
      <translation>ملاقات کا یہ وقت قیدی کی جیل کا نہیں، کسی اور جیل کا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="86" />
      <source>The slot is closed; seats of a closed slot cannot be leased.</source>
      <translation>یہ وقت بند ہے؛ بند وقت کی نشستیں مختص نہیں ہو سکتیں۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/resend.py" line="120" />
      <source>The slot refused</source>
      <translation>مسترد شدہ وقت</translation>
    </message>
    <message>
      <source>The two passwords are not the same.</source>
      <translation type="vanished">دونوں پاس ورڈ ایک جیسے نہیں۔</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="189" />
      <source>The username {username} is taken.</source>
      <translation>صارف نام {username} پہلے سے لیا جا چکا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="664" />
      <source>The visit is already in this slot; pick another.</source>
      <translation>ملاقات پہلے ہی اسی وقت میں ہے؛ کوئی اور منتخب کریں۔</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="165" />
      <source>There is no account {username}.</source>
      <translation>کوئی اکاؤنٹ {username} موجود نہیں۔</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="242" />
      <source>There is no arms licence fee for {kind}; choose {choices}</source>
      <translation>{kind} کے لیے اسلحہ لائسنس کی کوئی فیس مقرر نہیں؛ ان میں سے چنیں: {choices}</translation>
    </message>
    <message>
      <location filename="server/devices.py" line="69" />
      <source>There is no device {device}.</source>
      <translation>کوئی ڈیوائس {device} موجود نہیں۔</translation>
    </message>
    <message>
      <source>There is no operator with this username in this profile. Check the spelling, or ask a supervisor to add you.</source>
      <translation type="vanished">اس پروفائل میں اس صارف نام کا کوئی آپریٹر نہیں۔ ہجے دیکھیں، یا سپروائزر سے کہیں کہ آپ کو شامل کرے۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="52" />
      <source>There is no operator with this username. Check the spelling, or ask the district administrator for an account.</source>
      <translation>اس صارف نام کا کوئی آپریٹر نہیں۔ ہجے دیکھیں، یا ضلعی منتظم سے اکاؤنٹ مانگیں۔</translation>
    </message>
    <message>
      <location filename="domain/roles.py" line="50" />
      <source>There is no role {role}; the roles are {known}.</source>
      <translation>کوئی کردار {role} موجود نہیں؛ کردار یہ ہیں: {known}۔</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="252" />
      <source>There is no {kind} licence fee for validity {validity}; choose {choices}</source>
      <translation>دائرہ اختیار {validity} کے لیے {kind} لائسنس کی کوئی فیس مقرر نہیں؛ ان میں سے چنیں: {choices}</translation>
    </message>
    <message>
      <location filename="desktop/licences/known.py" line="94" />
      <source>This CNIC is on record: the applicant's details are filled in; check them, and change only what is new.</source>
      <translation>یہ شناختی کارڈ ریکارڈ میں ہے: درخواست گزار کی تفصیلات بھر دی گئی ہیں؛ انہیں جانچیں، اور صرف نئی بات بدلیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="66" />
      <source>This account does not work at this computer's office. Log in at your own office's computer, or ask the district administrator.</source>
      <translation>یہ اکاؤنٹ اس کمپیوٹر کے دفتر کے لیے نہیں۔ اپنے دفتر کے کمپیوٹر پر لاگ اِن کریں، یا ضلعی منتظم سے پوچھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="65" />
      <source>This account has been disabled. Ask the district administrator.</source>
      <translation>یہ اکاؤنٹ بند کر دیا گیا ہے۔ ضلعی منتظم سے رابطہ کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="60" />
      <source>This account is locked on this computer after too many wrong passwords. Try again in {minutes} minutes, or ask a supervisor.</source>
      <translation>بار بار غلط پاس ورڈ کی وجہ سے یہ اکاؤنٹ اس کمپیوٹر پر مقفل ہے۔ {minutes} منٹ بعد دوبارہ کوشش کریں، یا نگران سے پوچھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/documents.py" line="46" />
      <source>This application has no voucher to print; issue one first.</source>
      <translation>اس درخواست کا کوئی واؤچر پرنٹ کرنے کو نہیں؛ پہلے واؤچر جاری کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/documents.py" line="33" />
      <source>This application is not in the local store any more; refresh the list.</source>
      <translation>یہ درخواست اب مقامی ریکارڈ میں نہیں رہی؛ فہرست تازہ کریں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="415" />
      <source>This booking was already made.</source>
      <translation>یہ بکنگ پہلے ہی ہو چکی ہے۔</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="79" />
      <source>This command is not signed by an operator; log in on the desk and make it again.</source>
      <translation>اس کام پر کسی آپریٹر کے دستخط نہیں؛ ڈیسک پر لاگ ان کر کے اسے دوبارہ کریں۔</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="83" />
      <source>This command is signed by an operator this server does not know; log in online and make it again.</source>
      <translation>اس کام پر ایسے آپریٹر کے دستخط ہیں جسے سرور نہیں جانتا؛ آن لائن لاگ ان کر کے اسے دوبارہ کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="285" />
      <source>This computer has been revoked</source>
      <translation>اس کمپیوٹر کا اندراج منسوخ ہو گیا ہے</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="79" />
      <source>This computer's enrolment was revoked by the server, so no one can log in here. Ask the district administrator to enrol it again.</source>
      <translation>سرور نے اس کمپیوٹر کا اندراج منسوخ کر دیا ہے، اس لیے یہاں کوئی لاگ اِن نہیں کر سکتا۔ ضلعی منتظم سے کہیں کہ اس کا دوبارہ اندراج کرے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/records.py" line="240" />
      <source>This conflict was already resolved.</source>
      <translation>یہ تضاد پہلے ہی حل ہو چکا ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="423" />
      <source>This desk has no place to keep scans.</source>
      <translation>اس کمپیوٹر پر اسکین رکھنے کی جگہ نہیں۔</translation>
    </message>
    <message>
      <location filename="server/apply.py" line="841" />
      <source>This desk works for {scope}; {what} belongs to district {district}.</source>
      <translation>یہ ڈیسک {scope} کے لیے کام کرتا ہے؛ {what} ضلع {district} کا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="217" />
      <source>This exception was already cleared by {who}.</source>
      <translation>یہ استثنا پہلے ہی {who} نمٹا چکے ہیں۔</translation>
    </message>
    <message>
      <source>This inmate already has a visit booked in this slot.</source>
      <translation type="vanished">اس وقت میں اس قیدی کی ملاقات پہلے سے طے ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="503" />
      <source>This inmate already has visit {booking_no} in this slot; print its slip again instead.</source>
      <translation>اس قیدی کی اس وقت میں ملاقات {booking_no} پہلے سے بک ہے؛ اسی کی پرچی دوبارہ پرنٹ کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="554" />
      <source>This licence is cancelled and cannot be renewed.</source>
      <translation>یہ لائسنس منسوخ ہے اور اس کی تجدید نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/edit.py" line="121" />
      <source>This licence is issued: the application can no longer be edited; a change to it needs a correcting order. The applicant's details can still be corrected here.</source>
      <translation>یہ لائسنس جاری ہو چکا ہے: درخواست میں اب ترمیم نہیں ہو سکتی؛ اس میں تبدیلی کے لیے تصحیحی حکم درکار ہے۔ درخواست گزار کی تفصیل یہاں اب بھی درست کی جا سکتی ہے۔</translation>
    </message>
    <message>
      <source>This profile has no operators yet. Create the first account; it will be a supervisor who can add the others.</source>
      <translation type="vanished">اس پروفائل میں ابھی کوئی آپریٹر نہیں۔ پہلا اکاؤنٹ بنائیں؛ یہ سپروائزر ہوگا جو باقیوں کو شامل کر سکے گا۔</translation>
    </message>
    <message>
      <location filename="domain/commands/records.py" line="84" />
      <source>This record is {state}; it can be changed only by a correcting order, not edited.</source>
      <translation>یہ ریکارڈ {state} ہے؛ اسے صرف تصحیحی حکم سے بدلا جا سکتا ہے، براہ راست ترمیم نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="49" />
      <source>This slot already exists.</source>
      <translation>ملاقات کا یہ وقت پہلے سے موجود ہے۔</translation>
    </message>
    <message>
      <source>This slot is closed.</source>
      <translation type="vanished">ملاقات کا یہ وقت بند ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="42" />
      <source>This slot opens for booking on {date}</source>
      <translation>اس وقت کی بکنگ {date} کو کھلے گی</translation>
    </message>
    <message>
      <source>This workspace is coming in a later issue. Arms licences work today; use the list on the left to go there.</source>
      <translation type="vanished">یہ حصہ بعد میں آ رہا ہے۔ اسلحہ لائسنس کا حصہ ابھی کام کر رہا ہے؛ وہاں جانے کے لیے فہرست استعمال کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Thu</source>
      <translation>جمعرات</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="140" />
      <source>Time</source>
      <translation>وقت</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="64" />
      <source>Too many login attempts. Wait {minutes} minutes, then try again.</source>
      <translation>لاگ اِن کی بہت زیادہ کوششیں۔ {minutes} منٹ انتظار کریں، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="74" />
      <source>Transferee</source>
      <translation>مشتری</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="38" />
      <source>Transferees' shares</source>
      <translation>مشتریان کے حصے</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="74" />
      <source>Transferor</source>
      <translation>بائع</translation>
    </message>
    <message>
      <location filename="desktop/mutations/importing.py" line="62" />
      <source>Transferor or transferee</source>
      <translation>منتقل کنندہ یا منتقل الیہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="37" />
      <source>Transferors' shares</source>
      <translation>بائعان کے حصے</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Tue</source>
      <translation>منگل</translation>
    </message>
    <message>
      <location filename="desktop/mutations/detail.py" line="53" />
      <source>Type</source>
      <translation>قسم</translation>
    </message>
    <message>
      <location filename="desktop/inbox/resend.py" line="165" />
      <source>Type a number.</source>
      <translation>عدد لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="51" />
      <source>Type another value…</source>
      <translation>کوئی اور قدر لکھیں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/queries.py" line="86" />
      <source>Type at least three digits.</source>
      <translation>کم از کم تین ہندسے لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/queries.py" line="96" />
      <source>Type at least two letters of the name.</source>
      <translation>نام کے کم از کم دو حروف لکھیں۔</translation>
    </message>
    <message>
      <location filename="domain/values/cnic.py" line="94" />
      <source>Type the CNIC: 13 digits, as XXXXX-XXXXXXX-X</source>
      <translation>شناختی کارڈ نمبر لکھیں: 13 ہندسے، XXXXX-XXXXXXX-X کی صورت میں</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="411" />
      <source>Type the applicant's name in English.</source>
      <translation>درخواست گزار کا نام انگریزی میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="85" />
      <source>Type the area as kanal-marla-sarsai, e.g. 2-5-3</source>
      <translation>رقبہ کنال-مرلہ-سرسائی کی صورت میں لکھیں، مثلاً ‎2-5-3‎</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="362" />
      <source>Type the consideration in whole rupees.</source>
      <translation>زر معاوضہ پورے روپوں میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="416" />
      <source>Type the father's or husband's name in English.</source>
      <translation>والد یا شوہر کا نام انگریزی میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="414" />
      <source>Type the husband's name in English.</source>
      <translation>شوہر کا نام انگریزی میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="398" />
      <source>Type the khewat number.</source>
      <translation>کھیوٹ نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="190" />
      <source>Type the lead visitor's CNIC.</source>
      <translation>مرکزی ملاقاتی کا شناختی کارڈ نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="219" />
      <source>Type the make of the weapon.</source>
      <translation>اسلحے کی ساخت لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="396" />
      <source>Type the mauza.</source>
      <translation>موضع لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="394" />
      <source>Type the mutation number from the register.</source>
      <translation>رجسٹر سے نمبر انتقال لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="548" />
      <source>Type the number of the licence to renew.</source>
      <translation>جس لائسنس کی تجدید کرنی ہے اس کا نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="217" />
      <source>Type the number stamped on the weapon.</source>
      <translation>اسلحے پر کندہ نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="48" />
      <source>Type the right value</source>
      <translation>درست قدر لکھیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="59" />
      <source>Type the value to keep.</source>
      <translation>رکھی جانے والی قدر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="51" />
      <source>Type your password.</source>
      <translation>اپنا پاس ورڈ لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="50" />
      <source>Type your username.</source>
      <translation>اپنا صارف نام لکھیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/catalogue.py" line="102" />
      <source>Unknown command {name}.</source>
      <translation>نامعلوم کارروائی {name}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/mutations.py" line="407" />
      <source>Unknown tehsil {code}.</source>
      <translation>نامعلوم تحصیل {code}۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="302" />
      <source>Unlock</source>
      <translation>کھولیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="41" />
      <source>Unpaid</source>
      <translation>غیر ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="171" />
      <source>Username</source>
      <translation>صارف نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="304" />
      <source>Valid until</source>
      <translation>تاریخ تنسیخ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="268" />
      <source>Validity</source>
      <translation>دائرہ اختیار</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="50" />
      <source>Value</source>
      <translation>قدر</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="272" />
      <source>Verification</source>
      <translation>تصدیق</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="22" />
      <source>Verification failed</source>
      <translation>تصدیق ناکام</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="20" />
      <source>Verification recorded</source>
      <translation>تصدیق درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="63" />
      <source>Verified</source>
      <translation>تصدیق شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="133" />
      <source>Verified by</source>
      <translation>تصدیق کنندہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="120" />
      <source>Verify against the scan</source>
      <translation>اسکین سے جانچ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="67" />
      <source>Visit</source>
      <translation>ملاقات</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="40" />
      <source>Visit booked</source>
      <translation>ملاقات بک</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="42" />
      <source>Visit cancelled</source>
      <translation>ملاقات منسوخ</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="41" />
      <source>Visit moved</source>
      <translation>ملاقات منتقل</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="44" />
      <source>Visit outcome recorded</source>
      <translation>ملاقات کا نتیجہ درج</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="68" />
      <source>Visit slot</source>
      <translation>ملاقات کا وقت</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="260" />
      <source>Visit {number} confirmed.</source>
      <translation>ملاقات {number} کی تصدیق ہو گئی۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="262" />
      <source>Visit {number} is provisional: beyond this desk's leased seats, the server confirms or rejects it at the next sync.</source>
      <translation>ملاقات {number} عارضی ہے: اس ڈیسک کی مختص نشستوں سے زیادہ ہے، سرور اگلی ہم آہنگی پر تصدیق یا مسترد کرے گا۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="66" />
      <source>Visitor</source>
      <translation>ملاقاتی</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="39" />
      <source>Visitor approved</source>
      <translation>ملاقاتی منظور</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="43" />
      <source>Visitor checked in</source>
      <translation>ملاقاتی کی حاضری درج</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="368" />
      <source>Visitor {cnic} is banned from visits; {count} approved visitor(s) may come.</source>
      <translation>ملاقاتی {cnic} پر ملاقات کی پابندی ہے؛ {count} منظور شدہ ملاقاتی آ سکتے ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="356" />
      <source>Visitor {cnic} is not on this inmate's approved visitor list; {count} approved visitor(s) may come.</source>
      <translation>ملاقاتی {cnic} اس قیدی کے منظور شدہ ملاقاتیوں کی فہرست میں نہیں؛ {count} منظور شدہ ملاقاتی آ سکتے ہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="154" />
      <source>Visitor's CNIC at the terminal</source>
      <translation>ٹرمینل پر ملاقاتی کا شناختی کارڈ</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="145" />
      <source>Visitors</source>
      <translation>ملاقاتی</translation>
    </message>
    <message>
      <source>Visits can be booked at most {days} days ahead.</source>
      <translation type="vanished">ملاقات زیادہ سے زیادہ {days} دن پہلے طے کی جا سکتی ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="573" />
      <source>Visits can be booked at most {days} days ahead; this slot opens for booking on {opens}. Next slot: {next}.</source>
      <translation>ملاقات زیادہ سے زیادہ {days} دن پہلے بک ہو سکتی ہے؛ اس وقت کی بکنگ {opens} کو کھلے گی۔ اگلا وقت: {next}۔</translation>
    </message>
    <message>
      <source>Visits must be booked at least {days} day(s) ahead.</source>
      <translation type="vanished">ملاقات کم از کم {days} دن پہلے طے کرنا ضروری ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="561" />
      <source>Visits must be booked at least {days} day(s) ahead. Next slot: {next}.</source>
      <translation>ملاقات کم از کم {days} دن پہلے بک ہونی چاہیے۔ اگلا وقت: {next}۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="387" />
      <source>Visits per prison per week</source>
      <translation>جیل وار ہفتہ وار ملاقاتیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="64" />
      <source>Voucher</source>
      <translation>واؤچر</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="18" />
      <source>Voucher cancelled</source>
      <translation>واؤچر منسوخ</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="65" />
      <source>Voucher issued</source>
      <translation>واؤچر جاری شدہ</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="46" />
      <source>Voucher {id} was already issued.</source>
      <translation>واؤچر {id} پہلے ہی جاری ہو چکا ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/vouchers.py" line="162" />
      <source>Voucher {psid} is already paid.</source>
      <translation>واؤچر {psid} کی ادائیگی پہلے ہی ہو چکی ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="392" />
      <source>Vouchers</source>
      <translation>واؤچر</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="56" />
      <source>Vouchers generated</source>
      <translation>جاری کردہ واؤچر</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="257" />
      <source>Weapon</source>
      <translation>اسلحہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="192" />
      <source>Weapon details</source>
      <translation>اسلحے کی تفصیل</translation>
    </message>
    <message>
      <location filename="desktop/step_labels.py" line="23" />
      <source>Weapon details entered</source>
      <translation>اسلحے کی تفصیل درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="25" />
      <source>Weapon entered</source>
      <translation>اسلحہ درج شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="208" />
      <source>Weapon number</source>
      <translation>اسلحہ نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="205" />
      <source>Weapon type</source>
      <translation>اسلحے کی قسم</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="44" />
      <source>Wed</source>
      <translation>بدھ</translation>
    </message>
    <message>
      <location filename="desktop/visits/view.py" line="72" />
      <source>Week</source>
      <translation>ہفتہ</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="97" />
      <source>What</source>
      <translation>کیا</translation>
    </message>
    <message>
      <source>What to do: open Conflicts and keep one of the two values, or type the right one.</source>
      <translation type="vanished">کیا کریں: تضادات کھولیں اور دونوں میں سے ایک قدر رکھیں، یا درست قدر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="181" />
      <source>What to do: open the Inbox and keep one of the two values, or type the right one.</source>
      <translation>کیا کریں: ان باکس کھولیں اور دونوں میں سے ایک قدر رکھیں، یا درست قدر لکھیں۔</translation>
    </message>
    <message>
      <source>What to do: the record shows what the server has. Correct the details and do the step again; the refused step stays in Conflicts until it is dismissed.</source>
      <translation type="vanished">کیا کریں: ریکارڈ میں وہی ہے جو سرور پر ہے۔ تفصیل درست کر کے یہ مرحلہ دوبارہ کریں؛ مسترد شدہ مرحلہ تضادات میں رہے گا جب تک اسے خارج نہ کیا جائے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="159" />
      <source>What to do: the record shows what the server has. Correct the details and do the step again; the refused step stays in the Inbox until it is dismissed.</source>
      <translation>کیا کریں: ریکارڈ میں وہی ہے جو سرور پر ہے۔ تفصیل درست کر کے یہ مرحلہ دوبارہ کریں؛ مسترد شدہ مرحلہ ان باکس میں رہے گا جب تک اسے خارج نہ کیا جائے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="281" />
      <source>What was wrong, and on whose order it is corrected</source>
      <translation>کیا غلط تھا، اور کس کے حکم سے درست کیا جا رہا ہے</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="97" />
      <source>When</source>
      <translation>کب</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="119" />
      <source>Where each kind of document goes when you print it. Until a printer is chosen, Daftar asks where to save a PDF.</source>
      <translation>ہر قسم کی دستاویز پرنٹ ہونے پر کہاں جائے۔ جب تک پرنٹر منتخب نہ ہو، دفتر پوچھتا ہے کہ پی ڈی ایف کہاں محفوظ کی جائے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="325" />
      <source>Why left out</source>
      <translation>شامل نہ ہونے کی وجہ</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="486" />
      <source>Why the attested entry is corrected</source>
      <translation>تصدیق شدہ اندراج کی درستی کیوں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="350" />
      <source>Why was the visit cut short?</source>
      <translation>ملاقات ادھوری کیوں ختم ہوئی؟</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="62" />
      <source>Wife of (W/O)</source>
      <translation>زوجہ (W/O)</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="102" />
      <source>Within this desk's leased seats: confirmed now.</source>
      <translation>اس ڈیسک کی مختص نشستوں میں: ابھی تصدیق شدہ۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="170" />
      <source>Write a note saying how the exception was settled.</source>
      <translation>نوٹ لکھیں کہ استثنا کیسے نمٹایا گیا۔</translation>
    </message>
    <message>
      <location filename="desktop/inbox/dialogs.py" line="87" />
      <source>Write a note saying why the refused step is dismissed.</source>
      <translation>نوٹ لکھیں کہ مسترد قدم کیوں خارج کیا جا رہا ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="370" />
      <source>Write each fee as name=rupees, separated by ;</source>
      <translation>ہر فیس نام=روپے کی صورت میں لکھیں، ; سے الگ کریں</translation>
    </message>
    <message>
      <location filename="desktop/form_fields.py" line="34" />
      <source>Write the date as DD-MM-YYYY, for example 15-03-1985.</source>
      <translation>تاریخ دن-مہینہ-سال میں لکھیں، مثلاً ‎15-03-1985‎۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="187" />
      <source>Write the reason: the applicant will be told it.</source>
      <translation>وجہ لکھیں: درخواست گزار کو بتائی جائے گی۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="98" />
      <source>Write the share as a fraction such as 1/4, not as a decimal ({typed})</source>
      <translation>حصہ کسر کی صورت میں لکھیں جیسے ‎1/4‎، اعشاریہ میں نہیں ({typed})</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="152" />
      <source>Write what the adverse report says.</source>
      <translation>منفی رپورٹ میں جو لکھا ہے وہ درج کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="158" />
      <source>Write why the voucher is cancelled.</source>
      <translation>لکھیں کہ واؤچر کیوں منسوخ کیا جا رہا ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/report_dialog.py" line="70" />
      <source>Writing the report…</source>
      <translation>رپورٹ لکھی جا رہی ہے…</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="56" />
      <source>Wrong password for this username. Check that Caps Lock is off and the keyboard is set to English, then try again.</source>
      <translation>اس صارف نام کا پاس ورڈ غلط ہے۔ دیکھیں کہ کیپس لاک بند ہو اور کی بورڈ انگریزی پر ہو، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="70" />
      <source>You have not logged in on this computer before, and the server cannot be reached. Your first login on a computer must be online: connect it and try again.</source>
      <translation>آپ نے اس کمپیوٹر پر پہلے کبھی لاگ اِن نہیں کیا، اور سرور سے رابطہ نہیں ہو رہا۔ کسی کمپیوٹر پر پہلا لاگ اِن آن لائن ہونا چاہیے: اسے جوڑیں اور دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="170" />
      <source>Your entry</source>
      <translation>آپ کا اندراج</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="75" />
      <source>Your key on this computer cannot be opened. Connect to the server and log in once online.</source>
      <translation>اس کمپیوٹر پر آپ کی کلید نہیں کھل سکی۔ سرور سے جڑیں اور ایک بار آن لائن لاگ اِن کریں۔</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="269" />
      <source>a '{source}' {record} is final</source>
      <translation>«{source}» کے بعد {record} کا کوئی اگلا مرحلہ نہیں</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="228" />
      <source>active</source>
      <translation>فعال</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="230" />
      <source>age {n}</source>
      <translation>عمر {n} سال</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="19" />
      <source>application</source>
      <translation>درخواست</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="211" />
      <source>approved</source>
      <translation>منظور شدہ</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="33" />
      <source>approved visitor</source>
      <translation>منظور شدہ ملاقاتی</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="203" />
      <source>arms licence</source>
      <translation>اسلحہ لائسنس</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="198" />
      <source>arms licence application</source>
      <translation>اسلحہ لائسنس کی درخواست</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="163" />
      <source>arms licence fee</source>
      <translation>اسلحہ لائسنس فیس</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="206" />
      <source>as on the page: Mutation fee=600; Stamp duty=1800</source>
      <translation>صفحے کے مطابق: Mutation fee=600; Stamp duty=1800</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="221" />
      <source>attested</source>
      <translation>منظور شدہ</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="167" />
      <source>banned</source>
      <translation>پابندی</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="223" />
      <source>booked</source>
      <translation>طے شدہ</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="26" />
      <source>booking</source>
      <translation>ملاقات کی بکنگ</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="48" />
      <source>cancelled</source>
      <translation>منسوخ شدہ</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="206" />
      <source>closed</source>
      <translation>بند</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="50" />
      <source>completed</source>
      <translation>مکمل</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="46" />
      <source>confirmed</source>
      <translation>تصدیق شدہ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="38" />
      <source>conflict</source>
      <translation>تضاد</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="52" />
      <source>cut short</source>
      <translation>ادھوری ختم</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="227" />
      <source>cut_short</source>
      <translation>ادھوری ختم</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="426" />
      <source>district</source>
      <translation>ضلع</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="425" />
      <source>division</source>
      <translation>ڈویژن</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="199" />
      <source>due {date}</source>
      <translation>آخری تاریخ {date}</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="218" />
      <source>expired</source>
      <translation>میعاد ختم</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="200" />
      <source>fee voucher</source>
      <translation>فیس واؤچر</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="208" />
      <source>fee_paid</source>
      <translation>فیس ادا شدہ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="263" />
      <source>from '{source}' it can go to {states}</source>
      <translation>«{source}» کے بعد اگلا مرحلہ صرف {states} ہو سکتا ہے</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="208" />
      <source>full</source>
      <translation>بھر گیا</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="24" />
      <source>inmate</source>
      <translation>قیدی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/entry.py" line="203" />
      <source>kanal-marla-sarsai, e.g. 2-5-3</source>
      <translation>کنال-مرلہ-سرسائی، مثلاً 2-5-3</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="20" />
      <source>licence</source>
      <translation>لائسنس</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="31" />
      <source>licence application</source>
      <translation>لائسنس کی درخواست</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="21" />
      <source>licence holder</source>
      <translation>لائسنس یافتہ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="214" />
      <source>licence_issued</source>
      <translation>لائسنس جاری شدہ</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="23" />
      <source>mutation</source>
      <translation>انتقال</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="32" />
      <source>mutation party</source>
      <translation>انتقال کا فریق</translation>
    </message>
    <message>
      <location filename="domain/fees.py" line="292" />
      <source>mutation tax</source>
      <translation>انتقال ٹیکس</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="430" />
      <source>mutation type</source>
      <translation>انتقال کی قسم</translation>
    </message>
    <message>
      <location filename="desktop/dashboard/workspace.py" line="347" />
      <source>never</source>
      <translation>کبھی نہیں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="198" />
      <source>no visits</source>
      <translation>ملاقات نہیں</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="51" />
      <source>no-show</source>
      <translation>حاضر نہیں</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="226" />
      <source>no_show</source>
      <translation>غیر حاضری</translation>
    </message>
    <message>
      <location filename="domain/commands/visits.py" line="277" />
      <source>none free in the booking window</source>
      <translation>بکنگ کی مدت میں کوئی وقت خالی نہیں</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="165" />
      <source>not on the approved list</source>
      <translation>منظور شدہ فہرست میں نہیں</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="428" />
      <source>office</source>
      <translation>دفتر</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="217" />
      <source>paid</source>
      <translation>ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="202" />
      <source>paid on {time}</source>
      <translation>ادائیگی: {time}</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="35" />
      <source>pending</source>
      <translation>زیر التوا</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="30" />
      <source>person</source>
      <translation>فرد</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="429" />
      <source>prison</source>
      <translation>جیل</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="290" />
      <source>provisional</source>
      <translation>عارضی</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="390" />
      <source>provisional (T) until this computer is enrolled with the server</source>
      <translation>عارضی (T) جب تک یہ کمپیوٹر سرور میں درج نہ ہو</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="194" />
      <source>provisional (no PSID yet)</source>
      <translation>عارضی (ابھی PSID نہیں)</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="28" />
      <source>record</source>
      <translation>ریکارڈ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="219" />
      <source>recorded</source>
      <translation>درج شدہ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="37" />
      <source>rejected</source>
      <translation>مسترد</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="222" />
      <source>requested</source>
      <translation>درخواست کردہ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="220" />
      <source>returned</source>
      <translation>درستی کے لیے واپس</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="206" />
      <source>submitted</source>
      <translation>جمع شدہ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="229" />
      <source>suspended</source>
      <translation>معطل</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="36" />
      <source>synced</source>
      <translation>ہم آہنگ</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="427" />
      <source>tehsil</source>
      <translation>تحصیل</translation>
    </message>
    <message>
      <location filename="server/apply.py" line="553" />
      <source>the database refused it: it clashes with a record already there</source>
      <translation>ڈیٹابیس نے اسے قبول نہیں کیا: یہ پہلے سے موجود ریکارڈ سے ٹکراتا ہے</translation>
    </message>
    <message>
      <location filename="server/apply.py" line="703" />
      <source>the database refused one of its values</source>
      <translation>ڈیٹابیس نے اس کی ایک قدر قبول نہیں کی</translation>
    </message>
    <message>
      <location filename="desktop/date_range.py" line="87" />
      <source>to</source>
      <translation>تا</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="146" />
      <source>transferors give {given}, transferees get {got}: {gap} more than given</source>
      <translation>بائعان {given} دیتے ہیں، مشتریان {got} لیتے ہیں: دیے گئے سے {gap} زیادہ</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="140" />
      <source>transferors give {given}, transferees get {got}: {gap} unaccounted</source>
      <translation>بائعان {given} دیتے ہیں، مشتریان {got} لیتے ہیں: {gap} کا حساب نہیں</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="216" />
      <source>unpaid</source>
      <translation>غیر ادا شدہ</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="432" />
      <source>validity scope</source>
      <translation>دائرہ اختیار</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="210" />
      <source>verification_failed</source>
      <translation>تصدیق ناکام</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="209" />
      <source>verified</source>
      <translation>تصدیق شدہ</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="202" />
      <source>visit booking</source>
      <translation>ملاقات کی بکنگ</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="25" />
      <source>visit slot</source>
      <translation>ملاقات کا وقت</translation>
    </message>
    <message>
      <location filename="domain/commands/lookups.py" line="22" />
      <source>voucher</source>
      <translation>واؤچر</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="207" />
      <source>voucher_issued</source>
      <translation>واؤچر جاری شدہ</translation>
    </message>
    <message>
      <location filename="domain/reference.py" line="431" />
      <source>weapon type</source>
      <translation>اسلحے کی قسم</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="213" />
      <source>weapon_entered</source>
      <translation>اسلحہ درج شدہ</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="49" />
      <source>withdrawn</source>
      <translation>واپس لی گئی</translation>
    </message>
    <message>
      <location filename="domain/values/money.py" line="152" />
      <source>{amount} is too large for a 1Bill voucher</source>
      <translation>1Bill واؤچر کے لیے {amount} کی رقم بہت زیادہ ہے</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="282" />
      <source>{bank}, {time}, transaction {tran}</source>
      <translation>{bank}، {time}، ٹرانزیکشن {tran}</translation>
    </message>
    <message>
      <location filename="domain/commands/catalogue.py" line="34" />
      <source>{command} could not be applied ({problem}). It was set aside so the work queued after it goes on: check its values and enter it again; an administrator finds the details in the server log.</source>
      <translation>{command} لاگو نہیں ہو سکی ({problem})۔ اسے الگ رکھ دیا گیا ہے تاکہ اس کے بعد کا کام جاری رہے: اس کی قدریں جانچ کر دوبارہ درج کریں؛ تفصیل منتظم کو سرور لاگ میں ملے گی۔</translation>
    </message>
    <message>
      <location filename="server/apply.py" line="764" />
      <source>{command} is recorded by the server itself, not sent by a desk.</source>
      <translation>{command} سرور خود درج کرتا ہے، ڈیسک سے نہیں بھیجا جاتا۔</translation>
    </message>
    <message>
      <location filename="server/identity.py" line="134" />
      <source>{command} may be run only by {roles}; account {operator} is {held}.</source>
      <translation>{command} صرف {roles} کر سکتے ہیں؛ اکاؤنٹ {operator} کا کردار {held} ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="160" />
      <source>{count} inmates found</source>
      <translation>{count} قیدی ملے</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="230" />
      <source>{count} slots shown; a slot without leased seats books provisionally until the server confirms it.</source>
      <translation>{count} اوقات دکھائے گئے؛ مختص نشستوں کے بغیر وقت میں بکنگ سرور کی تصدیق تک عارضی رہتی ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="314" />
      <source>{count} visits</source>
      <translation>{count} ملاقاتیں</translation>
    </message>
    <message>
      <location filename="domain/commands/corrections.py" line="51" />
      <source>{fields} cannot be corrected here; a correction may change {allowed}.</source>
      <translation>{fields} کی درستی یہاں نہیں ہو سکتی؛ درستی صرف {allowed} میں ہو سکتی ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/records.py" line="168" />
      <source>{fields} cannot be edited here.</source>
      <translation>{fields} میں یہاں ترمیم نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="224" />
      <source>{field} contains a character that cannot be sent; type it again.</source>
      <translation>{field} میں ایسا حرف ہے جو بھیجا نہیں جا سکتا؛ اسے دوبارہ ٹائپ کریں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="118" />
      <source>{field} contains a control character ({char}) at position {position}; type it again without it.</source>
      <translation>{field} میں مقام {position} پر ایک کنٹرول حرف ({char}) ہے؛ اس کے بغیر دوبارہ لکھیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="198" />
      <source>{field} is nested too deeply.</source>
      <translation>{field} میں اندراجات بہت گہرائی تک ایک دوسرے کے اندر ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="319" />
      <source>{field} is required.</source>
      <translation>{field} لازمی ہے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="130" />
      <source>{field} is too long ({length} characters; at most {limit}).</source>
      <translation>{field} بہت طویل ہے ({length} حروف؛ زیادہ سے زیادہ {limit})۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="427" />
      <source>{field} may hold at most {limit} entries; it holds {count}.</source>
      <translation>{field} میں زیادہ سے زیادہ {limit} اندراجات ہو سکتے ہیں؛ اس میں {count} ہیں۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="240" />
      <source>{field} must be a date written YYYY-MM-DD; got {value}.</source>
      <translation>{field} تاریخ ہونی چاہیے، YYYY-MM-DD کی صورت میں؛ موصول ہوا: {value}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="464" />
      <source>{field} must be a list of mappings.</source>
      <translation>{field} اندراجات (کلید و قدر) کی فہرست ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="450" />
      <source>{field} must be a list of texts.</source>
      <translation>{field} متن کی فہرست ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="424" />
      <source>{field} must be a list.</source>
      <translation>{field} فہرست کی صورت میں ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="338" />
      <source>{field} must be a mapping.</source>
      <translation>{field} نام اور قدر کے جوڑوں کی صورت میں ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="151" />
      <source>{field} must be a whole number.</source>
      <translation>{field} پورا عدد ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="262" />
      <source>{field} must be an ISO timestamp; got {value}.</source>
      <translation>{field} ISO وقت کی صورت میں ہونا چاہیے؛ موصول ہوا: {value}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="157" />
      <source>{field} must be at least {minimum}.</source>
      <translation>{field} کم از کم {minimum} ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="162" />
      <source>{field} must be at most {maximum}.</source>
      <translation>{field} زیادہ سے زیادہ {maximum} ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="274" />
      <source>{field} must be between {earliest} and {latest}.</source>
      <translation>{field} {earliest} اور {latest} کے درمیان ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="499" />
      <source>{field} must be one of {choices}; got {value}.</source>
      <translation>{field} ان میں سے ایک ہونا چاہیے: {choices}؛ موصول ہوا: {value}۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="108" />
      <source>{field} must be text.</source>
      <translation>{field} متن ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="domain/commands/args.py" line="310" />
      <source>{field} must be yes or no (true or false).</source>
      <translation>{field} ہاں یا نہیں (true یا false) ہونا چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/visits/controller.py" line="210" />
      <source>{free} free</source>
      <translation>{free} خالی</translation>
    </message>
    <message>
      <location filename="desktop/visits/booking.py" line="86" />
      <source>{inmate_no} {name} at {prison}, {when}, terminal {terminal}: {free} of {capacity} seats free.</source>
      <translation>{inmate_no} {name}، {prison}، {when}، ٹرمینل {terminal}: {capacity} میں سے {free} نشستیں خالی۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="191" />
      <source>{name} ({kb} KB): a PDF, kept with the entry.</source>
      <translation>{name} ({kb} KB): PDF، اندراج کے ساتھ محفوظ۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="536" />
      <source>{name}, {weapon} {bore}, valid until {date}</source>
      <translation>{name}، {weapon} {bore}، {date} تک کارآمد</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="169" />
      <source>{name}: attach a PNG, JPEG, TIFF or PDF scan.</source>
      <translation>{name}: PNG، JPEG، TIFF یا PDF اسکین منسلک کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/scans.py" line="254" />
      <source>{name}: not on this computer, and no server is set up to fetch it.</source>
      <translation>{name}: اس کمپیوٹر پر موجود نہیں، اور اسے لانے کے لیے کوئی سرور ترتیب نہیں دیا گیا۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="354" />
      <source>{n} applications</source>
      <translation>{n} درخواستیں</translation>
    </message>
    <message>
      <source>{n} change(s) saved on this computer will be sent at the next sync.</source>
      <translation type="vanished">اس کمپیوٹر پر محفوظ {n} تبدیلیاں اگلی ہم آہنگی میں بھیجی جائیں گی۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="137" />
      <source>{n} changes saved on this computer will be sent at the next sync.</source>
      <translation>اس کمپیوٹر پر محفوظ {n} تبدیلیاں اگلی ہم آہنگی میں بھیجی جائیں گی۔</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="223" />
      <source>{n} changes wait for the next sync. They are saved on this computer and are safe; they will be sent the next time it is online.</source>
      <translation>{n} تبدیلیاں اگلی ہم آہنگی (sync) کی منتظر ہیں۔ یہ اس کمپیوٹر پر محفوظ ہیں؛ اگلی بار آن لائن ہونے پر بھیج دی جائیں گی۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/actions.py" line="173" />
      <source>{n} fields differ: check the scan and settle them.</source>
      <translation>{n} خانے مختلف ہیں: اسکین دیکھ کر درست کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="235" />
      <source>{n} mauzas added for {t} tehsils.</source>
      <translation>{t} تحصیلوں کے لیے {n} موضع جات شامل ہو گئے۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="139" />
      <source>{n} mutations</source>
      <translation>{n} انتقالات</translation>
    </message>
    <message>
      <location filename="desktop/mutations/backlog.py" line="189" />
      <source>{n} mutations pending</source>
      <translation>{n} انتقالات زیر التوا</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="309" />
      <source>{n} open</source>
      <translation>{n} کھلے</translation>
    </message>
    <message>
      <location filename="desktop/mutations/controller.py" line="237" />
      <source>{n} rows skipped; the first: {first}</source>
      <translation>{n} قطاریں چھوڑ دی گئیں؛ پہلی: {first}</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="256" />
      <source>{n} waiting</source>
      <translation>{n} منتظر</translation>
    </message>
    <message>
      <location filename="desktop/printing/destinations.py" line="136" />
      <source>{printer} (not found)</source>
      <translation>{printer} (نہیں ملا)</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="271" />
      <source>{record} cannot go from '{source}' to '{target}'; {instead}</source>
      <translation>{record} کی حیثیت «{source}» سے «{target}» نہیں کی جا سکتی؛ {instead}</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="104" />
      <source>{record} has no status {status}</source>
      <translation>{record} کی کوئی حیثیت {status} نہیں ہوتی</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="198" />
      <source>{rows} rows. Check them before importing.</source>
      <translation>{rows} قطاریں۔ درآمد سے پہلے جانچ لیں۔</translation>
    </message>
    <message>
      <location filename="desktop/mutations/import_dialog.py" line="194" />
      <source>{rows} rows. Columns not matched yet: {names}</source>
      <translation>{rows} قطاریں۔ جو کالم ابھی نہیں ملے: {names}</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="271" />
      <source>{shown} of {total} vouchers</source>
      <translation>{total} میں سے {shown} واؤچر</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="244" />
      <source>{states} or '{state}'</source>
      <translation>{states} یا «{state}»</translation>
    </message>
    <message>
      <location filename="domain/states.py" line="242" />
      <source>{states}, '{state}'</source>
      <translation>{states}، «{state}»</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="498" />
      <source>{step} for {number}?</source>
      <translation>{number} کے لیے: {step}؟</translation>
    </message>
    <message>
      <location filename="desktop/payments/workspace.py" line="273" />
      <source>{total} vouchers</source>
      <translation>{total} واؤچر</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="60" />
      <source>{unit} cannot be negative; you typed {value}</source>
      <translation>{unit} کی تعداد منفی نہیں ہو سکتی؛ آپ نے {value} لکھا ہے</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="96" />
      <source>{unit} is given twice in {typed}</source>
      <translation>{typed} میں {unit} دو بار لکھا گیا ہے</translation>
    </message>
    <message>
      <location filename="domain/values/area.py" line="57" />
      <source>{unit} must be a whole number</source>
      <translation>{unit} کی تعداد پورے عدد میں لکھیں</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="313" />
      <source>{value} (set by {who})</source>
      <translation>{value} (از {who})</translation>
    </message>
    <message>
      <location filename="desktop/inbox/workspace.py" line="319" />
      <source>{value} (set by {who}, {when})</source>
      <translation>{value} (از {who}، {when})</translation>
    </message>
    <message>
      <location filename="domain/commands/licences.py" line="207" />
      <source>{weapon} is a prohibited bore weapon; individuals may hold non-prohibited bore weapons only.</source>
      <translation>{weapon} ممنوعہ بور کا اسلحہ ہے؛ عام شہری صرف غیر ممنوعہ بور کا اسلحہ رکھ سکتے ہیں۔</translation>
    </message>
    <message>
      <location filename="server/accounts.py" line="82" />
      <source>{what} is in district {district}, outside this account's districts {districts}.</source>
      <translation>{what} ضلع {district} میں ہے، جو اس اکاؤنٹ کے اضلاع {districts} سے باہر ہے۔</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="224" />
      <source>{who} gives {given} but holds no share in this khewat</source>
      <translation>{who} کی طرف سے {given} حصہ منتقل ہو رہا ہے مگر اس کھیوٹ میں اس کا کوئی حصہ نہیں</translation>
    </message>
    <message>
      <location filename="domain/values/share.py" line="217" />
      <source>{who} gives {given} but holds only {held}</source>
      <translation>{who} کی طرف سے {given} حصہ منتقل ہو رہا ہے مگر ملکیت صرف {held} ہے</translation>
    </message>
  </context>
</TS>
