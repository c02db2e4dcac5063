; Windows installer of the tax kiosk (NSIS 3). Installs the one-folder PyInstaller bundle built on
; Windows (pyinstaller kiosk.spec -> dist\kiosk) and the machine-wide config; see README.md here
; for locking the terminal to the kiosk (Assigned Access / Shell Launcher).
;
;   makensis -DBUNDLE_DIR=dist\kiosk -DVERSION=0.1.0 -DOUTFILE=dist\tax-kiosk-0.1.0-setup.exe build\windows\tax-kiosk.nsi
;
; Silent install for field teams and device management: tax-kiosk-setup.exe /S
; Upgrades install over the old version; config and data (the outbox) in %ProgramData%\TaxKiosk
; are kept, on upgrade and on uninstall ("Uninstall.exe /PURGE" deletes them too).

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!ifndef BUNDLE_DIR
  !error "pass -DBUNDLE_DIR=<the PyInstaller one-folder bundle, holding kiosk.exe>"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "tax-kiosk-${VERSION}-setup.exe"
!endif
!ifndef EXAMPLE_CONFIG
  !define EXAMPLE_CONFIG "${__FILEDIR__}\..\..\kiosk.example.toml"
!endif

!define APP "TaxKiosk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "自助办税终端 Tax Kiosk ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ManifestDPIAware true
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Tax Kiosk"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Self-service tax terminal installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Tax Kiosk Team"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "The tax kiosk needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "Kiosk" SecKiosk
  SetShellVarContext all
  ; A running kiosk holds its files open: stop it first (the Shell Launcher restarts it after).
  nsExec::Exec 'taskkill /F /IM kiosk.exe'
  ; Replace the bundle whole: files a new version no longer ships must not linger.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*.*"

  ; Machine-wide config and data; an existing config (the field team's edits) is never overwritten.
  CreateDirectory "$APPDATA\${APP}\data"
  CreateDirectory "$APPDATA\${APP}\logs"
  SetOutPath "$APPDATA\${APP}"
  SetOverwrite off
  File "/oname=kiosk.toml" "${EXAMPLE_CONFIG}"
  SetOverwrite on
  ; The kiosk account (see README.md) must write its outbox and logs; others only read.
  nsExec::Exec 'icacls "$APPDATA\${APP}\data" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)M'
  nsExec::Exec 'icacls "$APPDATA\${APP}\logs" /grant *S-1-5-32-545:(OI)(CI)M'

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Tax Kiosk"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Tax Kiosk Team"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  nsExec::Exec 'taskkill /F /IM kiosk.exe'
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\kiosk.exe"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; Config and unsent transactions stay unless asked: Uninstall.exe /PURGE
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PURGE" $1
  ${IfNot} ${Errors}
    RMDir /r "$APPDATA\${APP}"
  ${EndIf}
SectionEnd
