; Daftar for Windows: Inno Setup 6 script for the one-folder bundle.
;
;   1. On Windows, in the repository:  .venv\Scripts\python -m PyInstaller --noconfirm --clean
;        --distpath dist --workpath build\pyinstaller installers\daftar.spec
;      (gives dist\daftar\Daftar.exe, dist\daftar\daftar-cli.exe and dist\daftar\_internal\)
;   2. dist\daftar\daftar-cli.exe selftest
;   3. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\daftar.iss
;      (gives dist\daftar-setup-0.1.0.exe)
;
; What it does
; * Installs for the current user (no administrator needed, into %LOCALAPPDATA%\Programs\Daftar)
;   or for all users (Program Files): Setup asks, or /CURRENTUSER and /ALLUSERS choose.
; * Start menu shortcut, and a desktop shortcut (ticked by default).
; * Upgrades in place: the AppId below never changes, so a newer setup finds the installed
;   copy, closes a running Daftar, replaces the program files and keeps the shortcuts.
;   The previous _internal folder is removed first so no file of the old version lingers.
; * Uninstalling removes the program only. Operators' records stay where Daftar keeps them,
;   in each user's %LOCALAPPDATA%\Daftar\Daftar (platformdirs user_data_dir("Daftar",
;   "Daftar")), and their store keys stay in Windows Credential Manager, so reinstalling
;   finds everything again. Setup never writes or deletes anything there.
; * Setup speaks English, and Urdu when an Urdu message file is available: Inno Setup ships
;   none officially. Put a translation in installers\windows\Urdu.isl (or in Inno's
;   Languages\Unofficial\Urdu.isl) and it is offered, right to left, with the messages below.
;
; Qt 6 runs on 64-bit Windows 10 (1809) or newer only; Setup refuses older systems with a
; clear message instead of installing a program that cannot start.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Daftar"
#define AppPublisher "Daftar project, Khyber Pakhtunkhwa district offices"
#define AppExe "Daftar.exe"
#define BundleDir "..\..\dist\daftar"

[Setup]
; Never change this AppId: it is how an upgrade recognises the installed Daftar.
AppId={{D4F43AE1-47CE-46B3-BB56-E3842C91E426}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
CloseApplications=yes
RestartApplications=no
SetupIconFile=daftar.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=daftar-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(SourcePath) + "Urdu.isl")
  #define HaveUrdu
Name: "ur"; MessagesFile: "Urdu.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Urdu.isl")
  #define HaveUrdu
Name: "ur"; MessagesFile: "compiler:Languages\Unofficial\Urdu.isl"
#endif

[CustomMessages]
en.KeptData=Daftar's records on this computer were not removed. They are kept in each user's %LOCALAPPDATA%\Daftar folder, so that a reinstalled Daftar finds them again. Delete that folder only after its work has been synced to the server.
en.SelfTest=Check the installation (daftar selftest)
#ifdef HaveUrdu
ur.KeptData=اس کمپیوٹر پر دفتر کا ریکارڈ حذف نہیں کیا گیا۔ یہ ہر صارف کے ‎%LOCALAPPDATA%\Daftar‎ فولڈر میں محفوظ ہے تاکہ دوبارہ انسٹال کرنے پر مل جائے۔ یہ فولڈر صرف اس وقت حذف کریں جب اس کا سارا کام سرور سے ہم آہنگ ہو چکا ہو۔
ur.SelfTest=تنصیب کی جانچ کریں (daftar selftest)
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade in place: drop the old version's Python and Qt files before copying the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} – {cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\daftar-cli.exe"" selftest"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(CustomMessage('KeptData'), mbInformation, MB_OK);
end;
