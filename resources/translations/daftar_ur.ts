<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur" sourcelanguage="en">
  <context>
    <name>Daftar</name>
    <message>
      <location filename="desktop/main_window.py" line="180" />
      <source>&amp;File</source>
      <translation>فائل</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="188" />
      <source>&amp;Licences</source>
      <translation>لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="185" />
      <source>&amp;Sync</source>
      <translation>ہم آہنگی</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="182" />
      <source>&amp;View</source>
      <translation>منظر</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="193" />
      <source>A mobile number has 11 digits and starts with 03.</source>
      <translation>موبائل نمبر 11 ہندسوں کا ہوتا ہے اور 03 سے شروع ہوتا ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="128" />
      <source>Address</source>
      <translation>پتہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="107" />
      <source>Adverse</source>
      <translation>منفی</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="33" />
      <source>Affidavit</source>
      <translation>حلف نامہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="138" />
      <source>All</source>
      <translation>سب</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="31" />
      <source>All Pakistan</source>
      <translation>کل پاکستان</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="160" />
      <source>Applicant</source>
      <translation>درخواست گزار</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="161" />
      <source>Application</source>
      <translation>درخواست</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="35" />
      <source>Application no.</source>
      <translation>درخواست نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="158" />
      <source>Application number {number}</source>
      <translation>درخواست نمبر {number}</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="29" />
      <source>Application submitted</source>
      <translation>درخواست جمع ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="129" />
      <source>Approve</source>
      <translation>منظور کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="128" />
      <source>Approve application</source>
      <translation>درخواست منظور کریں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="20" />
      <source>Approved</source>
      <translation>منظور شدہ</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="26" />
      <source>Arms licences</source>
      <translation>اسلحہ لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="186" />
      <source>Bore</source>
      <translation>بور</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="123" />
      <source>CNIC</source>
      <translation>شناختی کارڈ نمبر</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="101" />
      <source>Cancel</source>
      <translation>منسوخ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="22" />
      <source>Cancelled</source>
      <translation>منسوخ شدہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="107" />
      <source>Checking password…</source>
      <translation>پاس ورڈ کی جانچ ہو رہی ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="199" />
      <source>Choose a bore allowed for a {weapon}.</source>
      <translation>{weapon} کے لیے اجازت یافتہ بور چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="203" />
      <source>Choose an application in the list to see its details and history.</source>
      <translation>تفصیل اور تاریخچہ دیکھنے کے لیے فہرست میں سے کوئی درخواست چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="197" />
      <source>Choose the weapon type.</source>
      <translation>اسلحے کی قسم چنیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="107" />
      <source>Cleared</source>
      <translation>کلیئر</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="34" />
      <source>Conflict resolved</source>
      <translation>تضاد حل ہوا</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="28" />
      <source>Conflicts</source>
      <translation>تضادات</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="33" />
      <source>Copy of CNIC</source>
      <translation>شناختی کارڈ کی کاپی</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="90" />
      <source>Create and log in</source>
      <translation>اکاؤنٹ بنائیں اور داخل ہوں</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="76" />
      <source>Daftar — log in</source>
      <translation>دفتر — لاگ ان</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="169" />
      <source>Daftar — {name} ({profile})</source>
      <translation>دفتر — {name} ({profile})</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="28" />
      <source>Dashboard</source>
      <translation>ڈیش بورڈ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="126" />
      <source>Date of birth</source>
      <translation>تاریخ پیدائش</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="140" />
      <source>Decision</source>
      <translation>فیصلہ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="30" />
      <source>District</source>
      <translation>ضلع</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="137" />
      <source>Documents</source>
      <translation>دستاویزات</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="25" />
      <source>Duplicate</source>
      <translation>ڈپلیکیٹ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="34" />
      <source>Edited</source>
      <translation>ترمیم ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="109" />
      <source>Employing department</source>
      <translation>ملازمت کا محکمہ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="29" />
      <source>Expired</source>
      <translation>میعاد ختم</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="35" />
      <source>FIR or affidavit</source>
      <translation>ایف آئی آر یا حلف نامہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="124" />
      <source>Father's or husband's name</source>
      <translation>والد یا شوہر کا نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="120" />
      <source>Father's or husband's name (English)</source>
      <translation>والد یا شوہر کا نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="121" />
      <source>Father's or husband's name (Urdu)</source>
      <translation>والد یا شوہر کا نام (اردو)</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="136" />
      <source>Fee</source>
      <translation>فیس</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="19" />
      <source>Fee paid</source>
      <translation>فیس ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="85" />
      <source>Full name</source>
      <translation>پورا نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="168" />
      <source>History</source>
      <translation>تاریخچہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="30" />
      <source>Issue licence</source>
      <translation>لائسنس جاری کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="27" />
      <source>Issue voucher</source>
      <translation>واؤچر جاری کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="154" />
      <source>Issued</source>
      <translation>جاری کردہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="236" />
      <source>Issuing licence…</source>
      <translation>لائسنس جاری ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="230" />
      <source>Issuing voucher…</source>
      <translation>واؤچر جاری ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="36" />
      <source>Kind</source>
      <translation>قسم</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="184" />
      <source>Language</source>
      <translation>زبان</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="66" />
      <source>Last sync: {when}</source>
      <translation>آخری ہم آہنگی: {when}</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="166" />
      <source>Licence</source>
      <translation>لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="22" />
      <source>Licence issued</source>
      <translation>لائسنس جاری شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="152" />
      <source>Licence number</source>
      <translation>لائسنس نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="150" />
      <source>Loading applications…</source>
      <translation>درخواستیں لوڈ ہو رہی ہیں…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="91" />
      <source>Loading…</source>
      <translation>لوڈ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="90" />
      <source>Log in</source>
      <translation>داخل ہوں</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="81" />
      <source>Log in with your own username and password, so your work is recorded under your name.</source>
      <translation>اپنے صارف نام اور پاس ورڈ سے داخل ہوں تاکہ آپ کا کام آپ کے نام سے درج ہو۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="185" />
      <source>Make</source>
      <translation>ساخت</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="74" />
      <source>Missing documents: {names}.</source>
      <translation>غیر موجود دستاویزات: {names}۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="127" />
      <source>Mobile</source>
      <translation>موبائل</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="26" />
      <source>Mutations</source>
      <translation>انتقالات</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="118" />
      <source>Name (English)</source>
      <translation>نام (انگریزی)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="119" />
      <source>Name (Urdu)</source>
      <translation>نام (اردو)</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="68" />
      <source>Needs attention: {n}</source>
      <translation>توجہ طلب: {n}</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="24" />
      <source>New</source>
      <translation>نیا</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="25" />
      <source>New application</source>
      <translation>نئی درخواست</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="166" />
      <source>New arms licence application</source>
      <translation>نئے اسلحہ لائسنس کی درخواست</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="170" />
      <source>No history yet.</source>
      <translation>ابھی کوئی تاریخچہ نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="294" />
      <source>No licence with this number is in this office's records.</source>
      <translation>اس نمبر کا کوئی لائسنس اس دفتر کے ریکارڈ میں نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="147" />
      <source>No server is configured for this profile: work is kept on this computer.</source>
      <translation>اس پروفائل کے لیے کوئی سرور مقرر نہیں: کام اسی کمپیوٹر پر محفوظ ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="58" />
      <source>Not enrolled</source>
      <translation>اندراج نہیں ہوا</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="167" />
      <source>Not saved: {error}</source>
      <translation>محفوظ نہیں ہوا: {error}</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="57" />
      <source>Offline</source>
      <translation>آف لائن</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="61" />
      <source>Offline — no server configured</source>
      <translation>آف لائن — کوئی سرور مقرر نہیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="34" />
      <source>Old licence</source>
      <translation>پرانا لائسنس</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="57" />
      <source>Online</source>
      <translation>آن لائن</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="28" />
      <source>Paid</source>
      <translation>ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="83" />
      <source>Password</source>
      <translation>پاس ورڈ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="85" />
      <source>Password again</source>
      <translation>پاس ورڈ دوبارہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="31" />
      <source>Payment recorded</source>
      <translation>ادائیگی درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="27" />
      <source>Payments</source>
      <translation>ادائیگیاں</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="67" />
      <source>Pending: {n}</source>
      <translation>زیر التوا: {n}</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="108" />
      <source>Police</source>
      <translation>پولیس</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="34" />
      <source>Police clearance</source>
      <translation>پولیس کلیئرنس</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="27" />
      <source>Print challan</source>
      <translation>چالان پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="30" />
      <source>Print licence card</source>
      <translation>لائسنس کارڈ پرنٹ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="252" />
      <source>Printing challan…</source>
      <translation>چالان پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="255" />
      <source>Printing licence card…</source>
      <translation>لائسنس کارڈ پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="27" />
      <source>Prison visits</source>
      <translation>جیل ملاقاتیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="30" />
      <source>Provincial</source>
      <translation>صوبائی</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="91" />
      <source>Quit</source>
      <translation>بند کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="154" />
      <source>Reason</source>
      <translation>وجہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="88" />
      <source>Record verification</source>
      <translation>تصدیق درج کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="26" />
      <source>Refresh</source>
      <translation>تازہ کریں</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="70" />
      <source>Refused changes and conflicts waiting for a person; click to open Conflicts.</source>
      <translation>مسترد شدہ تبدیلیاں اور تضادات جو کسی فرد کے منتظر ہیں؛ تضادات کھولنے کے لیے کلک کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="147" />
      <source>Reject</source>
      <translation>مسترد کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="146" />
      <source>Reject application</source>
      <translation>درخواست مسترد کریں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="21" />
      <source>Rejected</source>
      <translation>مسترد شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="101" />
      <source>Remarks</source>
      <translation>کیفیت</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="136" />
      <source>Remarks (optional)</source>
      <translation>کیفیت (اختیاری)</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="251" />
      <source>Renew an arms licence</source>
      <translation>اسلحہ لائسنس کی تجدید</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="24" />
      <source>Renewal</source>
      <translation>تجدید</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="29" />
      <source>Renewal submitted</source>
      <translation>تجدید کی درخواست جمع ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="99" />
      <source>Result</source>
      <translation>نتیجہ</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="100" />
      <source>Save</source>
      <translation>محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="276" />
      <source>Save PDF</source>
      <translation>پی ڈی ایف محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="170" />
      <source>Save weapon</source>
      <translation>اسلحہ محفوظ کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="337" />
      <source>Saved on this computer; it will be sent at the next sync.</source>
      <translation>اس کمپیوٹر پر محفوظ ہے؛ اگلی ہم آہنگی میں بھیج دیا جائے گا۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="270" />
      <source>Saved {path}</source>
      <translation>محفوظ ہوا: {path}</translation>
    </message>
    <message>
      <location filename="desktop/form_dialog.py" line="112" />
      <source>Saving…</source>
      <translation>محفوظ ہو رہا ہے…</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="183" />
      <source>Search</source>
      <translation>تلاش</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="171" />
      <source>Search: CNIC, application or licence number, or name (Ctrl+F)</source>
      <translation>تلاش: شناختی کارڈ، درخواست یا لائسنس نمبر، یا نام (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="111" />
      <source>Search: {text}</source>
      <translation>تلاش: {text}</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="340" />
      <source>Someone else changed this record at the same time; open it to see both values.</source>
      <translation>کسی اور نے اسی وقت یہ ریکارڈ بدلا؛ دونوں قدریں دیکھنے کے لیے اسے کھولیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="101" />
      <source>Someone else changed {fields} at the same time as “{step}”. The server's value stands and yours is kept beside it.</source>
      <translation>کسی اور نے «{step}» کے ساتھ ہی {fields} بدلا۔ سرور کی قدر برقرار ہے اور آپ کی قدر اس کے ساتھ محفوظ ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="36" />
      <source>Status</source>
      <translation>حیثیت</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="167" />
      <source>Submit application</source>
      <translation>درخواست جمع کریں</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="252" />
      <source>Submit renewal</source>
      <translation>تجدید جمع کریں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="18" />
      <source>Submitted</source>
      <translation>جمع شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="146" />
      <source>Submitted from</source>
      <translation>جمع ہونے کی تاریخ از</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="167" />
      <source>Sync</source>
      <translation>ہم آہنگی</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="186" />
      <source>Sync now</source>
      <translation>ابھی ہم آہنگ کریں</translation>
    </message>
    <message>
      <location filename="desktop/main_window.py" line="187" />
      <source>Sync now (Ctrl+Shift+S)</source>
      <translation>ابھی ہم آہنگ کریں (Ctrl+Shift+S)</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="57" />
      <source>Syncing…</source>
      <translation>ہم آہنگی جاری ہے…</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="186" />
      <source>The applicant is {age}; an arms licence needs an applicant of {minimum} or older.</source>
      <translation>درخواست گزار کی عمر {age} سال ہے؛ اسلحہ لائسنس کے لیے عمر کم از کم {minimum} سال ہونی چاہیے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="184" />
      <source>The date of birth is in the future.</source>
      <translation>تاریخ پیدائش مستقبل کی ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="136" />
      <source>The login could not be checked: {error}</source>
      <translation>لاگ ان کی جانچ نہ ہو سکی: {error}</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="108" />
      <source>The server has this record.</source>
      <translation>یہ ریکارڈ سرور پر موجود ہے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/table_model.py" line="339" />
      <source>The server refused a change to this record; open it to see why.</source>
      <translation>سرور نے اس ریکارڈ میں تبدیلی مسترد کر دی؛ وجہ دیکھنے کے لیے اسے کھولیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="93" />
      <source>The server refused “{step}”: {message}</source>
      <translation>سرور نے «{step}» مسترد کر دیا: {message}</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="99" />
      <source>The two passwords are not the same.</source>
      <translation>دونوں پاس ورڈ ایک جیسے نہیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="128" />
      <source>There is no operator with this username in this profile. Check the spelling, or ask a supervisor to add you.</source>
      <translation>اس پروفائل میں اس صارف نام کا کوئی آپریٹر نہیں۔ ہجے دیکھیں، یا سپروائزر سے کہیں کہ آپ کو شامل کرے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="285" />
      <source>This licence is cancelled and cannot be renewed.</source>
      <translation>یہ لائسنس منسوخ ہے اور اس کی تجدید نہیں ہو سکتی۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="78" />
      <source>This profile has no operators yet. Create the first account; it will be a supervisor who can add the others.</source>
      <translation>اس پروفائل میں ابھی کوئی آپریٹر نہیں۔ پہلا اکاؤنٹ بنائیں؛ یہ سپروائزر ہوگا جو باقیوں کو شامل کر سکے گا۔</translation>
    </message>
    <message>
      <location filename="desktop/widgets.py" line="74" />
      <source>This workspace is coming in a later issue. Arms licences work today; use the list on the left to go there.</source>
      <translation>یہ حصہ بعد میں آ رہا ہے۔ اسلحہ لائسنس کا حصہ ابھی کام کر رہا ہے؛ وہاں جانے کے لیے فہرست استعمال کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="177" />
      <source>Type the applicant's name in English.</source>
      <translation>درخواست گزار کا نام انگریزی میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="179" />
      <source>Type the father's or husband's name in English.</source>
      <translation>والد یا شوہر کا نام انگریزی میں لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="195" />
      <source>Type the make of the weapon.</source>
      <translation>اسلحے کی ساخت لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="282" />
      <source>Type the number of the licence to renew.</source>
      <translation>جس لائسنس کی تجدید کرنی ہے اس کا نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="193" />
      <source>Type the number stamped on the weapon.</source>
      <translation>اسلحے پر کندہ نمبر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="127" />
      <source>Type your password.</source>
      <translation>اپنا پاس ورڈ لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="126" />
      <source>Type your username.</source>
      <translation>اپنا صارف نام لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="28" />
      <source>Unpaid</source>
      <translation>غیر ادا شدہ</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="83" />
      <source>Username</source>
      <translation>صارف نام</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="153" />
      <source>Valid until</source>
      <translation>تاریخ تنسیخ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="135" />
      <source>Validity</source>
      <translation>دائرہ اختیار</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="139" />
      <source>Verification</source>
      <translation>تصدیق</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="20" />
      <source>Verification failed</source>
      <translation>تصدیق ناکام</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="31" />
      <source>Verification recorded</source>
      <translation>تصدیق درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="19" />
      <source>Verified</source>
      <translation>تصدیق شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="100" />
      <source>Verified by</source>
      <translation>تصدیق کنندہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="30" />
      <source>Voucher cancelled</source>
      <translation>واؤچر منسوخ</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="18" />
      <source>Voucher issued</source>
      <translation>واؤچر جاری شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="163" />
      <source>Vouchers</source>
      <translation>واؤچر</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="133" />
      <source>Weapon</source>
      <translation>اسلحہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="169" />
      <source>Weapon details</source>
      <translation>اسلحے کی تفصیل</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="33" />
      <source>Weapon details entered</source>
      <translation>اسلحے کی تفصیل درج ہوئی</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="21" />
      <source>Weapon entered</source>
      <translation>اسلحہ درج شدہ</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="184" />
      <source>Weapon number</source>
      <translation>اسلحہ نمبر</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="125" />
      <source>Weapon type</source>
      <translation>اسلحے کی قسم</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="104" />
      <source>What to do: open Conflicts and keep one of the two values, or type the right one.</source>
      <translation>کیا کریں: تضادات کھولیں اور دونوں میں سے ایک قدر رکھیں، یا درست قدر لکھیں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="96" />
      <source>What to do: the record shows what the server has. Correct the details and do the step again; the refused step stays in Conflicts until it is dismissed.</source>
      <translation>کیا کریں: ریکارڈ میں وہی ہے جو سرور پر ہے۔ تفصیل درست کر کے یہ مرحلہ دوبارہ کریں؛ مسترد شدہ مرحلہ تضادات میں رہے گا جب تک اسے خارج نہ کیا جائے۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="190" />
      <source>Write the date as DD-MM-YYYY, for example 15-03-1985.</source>
      <translation>تاریخ دن-مہینہ-سال میں لکھیں، مثلاً 15-03-1985۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="160" />
      <source>Write the reason: the applicant will be told it.</source>
      <translation>وجہ لکھیں: درخواست گزار کو بتائی جائے گی۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/actions.py" line="118" />
      <source>Write what the adverse report says.</source>
      <translation>منفی رپورٹ میں جو لکھا ہے وہ درج کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/login.py" line="130" />
      <source>Wrong password for this username. Check that Caps Lock is off and the keyboard is set to English, then try again.</source>
      <translation>اس صارف نام کا پاس ورڈ غلط ہے۔ دیکھیں کہ کیپس لاک بند ہو اور کی بورڈ انگریزی پر ہو، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="117" />
      <source>age {n}</source>
      <translation>عمر {n} سال</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="27" />
      <source>conflict</source>
      <translation>تضاد</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="147" />
      <source>due {date}</source>
      <translation>آخری تاریخ {date}</translation>
    </message>
    <message>
      <location filename="desktop/status_bar.py" line="65" />
      <source>never</source>
      <translation>کبھی نہیں</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="26" />
      <source>pending</source>
      <translation>زیر التوا</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="160" />
      <source>provisional (T) until this computer is enrolled with the server</source>
      <translation>عارضی (T) جب تک یہ کمپیوٹر سرور میں درج نہ ہو</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="144" />
      <source>provisional (no PSID yet)</source>
      <translation>عارضی (ابھی PSID نہیں)</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="27" />
      <source>rejected</source>
      <translation>مسترد</translation>
    </message>
    <message>
      <location filename="desktop/formatting.py" line="26" />
      <source>synced</source>
      <translation>ہم آہنگ</translation>
    </message>
    <message>
      <location filename="desktop/licences/view.py" line="148" />
      <source>to</source>
      <translation>تا</translation>
    </message>
    <message>
      <location filename="desktop/licences/forms.py" line="273" />
      <source>{name}, {weapon} {bore}, valid until {date}</source>
      <translation>{name}، {weapon} {bore}، {date} تک کارآمد</translation>
    </message>
    <message>
      <location filename="desktop/licences/controller.py" line="141" />
      <source>{n} applications</source>
      <translation>{n} درخواستیں</translation>
    </message>
    <message>
      <location filename="desktop/licences/detail.py" line="87" />
      <source>{n} change(s) saved on this computer will be sent at the next sync.</source>
      <translation>اس کمپیوٹر پر محفوظ {n} تبدیلیاں اگلی ہم آہنگی میں بھیجی جائیں گی۔</translation>
    </message>
  </context>
</TS>
