; Included by electron-builder's NSIS script (nsis.include in electron-builder.yml).
;
; customCheckAppRunning replaces electron-builder's own running-app check, which both the
; installer (also an update over a running copy) and the uninstaller (un.checkAppRunning, which
; runs before customUnInit) call through CHECK_APP_RUNNING. So the app is ended early enough, and:
; 1. politely first: a second launch with `--quit` reaches the running instance through Electron's
;    single-instance lock ('second-instance'), and it stops OpenCode before it exits;
; 2. it waits only as long as needed (a look every 250 ms, up to the app's own 15 s quit limit),
;    not a fixed sleep;
; 3. what is still running is ended with its whole tree (/T /F), only this user's processes,
;    by absolute System32 paths. The job object the app holds ends opencode.exe with it.
; LogicLib loops (${Do}) keep labels unique: the macro is inserted more than once.

Var turnkeyUser
Var turnkeyTries

!macro turnkeyAppRunning _RESULT
  ; 0 when an instance of the app runs for this user (findstr's exit code), else 1.
  nsExec::Exec `"$SYSDIR\cmd.exe" /C ""$SYSDIR\tasklist.exe" /FI "USERNAME eq $turnkeyUser" /FI "IMAGENAME eq ${APP_EXECUTABLE_FILENAME}" /FO CSV /NH | "$SYSDIR\findstr.exe" /B /I /C:"\"${APP_EXECUTABLE_FILENAME}\"""`
  Pop ${_RESULT}
!macroend

!macro customCheckAppRunning
  ReadEnvStr $turnkeyUser "USERNAME"
  !insertmacro turnkeyAppRunning $R0
  ${If} $R0 == 0
    DetailPrint "Asking ${PRODUCT_NAME} to stop OpenCode and quit…"
    ${If} ${FileExists} "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
      nsExec::Exec `"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --quit`
      Pop $R1
    ${EndIf}
    StrCpy $turnkeyTries 0
    ${Do}
      !insertmacro turnkeyAppRunning $R0
      ${If} $R0 != 0
        ${Break}
      ${EndIf}
      Sleep 250
      IntOp $turnkeyTries $turnkeyTries + 1
    ${LoopWhile} $turnkeyTries < 60
    ${If} $R0 == 0
      DetailPrint "Ending ${PRODUCT_NAME} and everything it started…"
      nsExec::Exec `"$SYSDIR\taskkill.exe" /F /T /FI "USERNAME eq $turnkeyUser" /IM "${APP_EXECUTABLE_FILENAME}"`
      Pop $R1
      ; taskkill returns before Windows has released the files; look again, briefly.
      StrCpy $turnkeyTries 0
      ${Do}
        !insertmacro turnkeyAppRunning $R0
        ${If} $R0 != 0
          ${Break}
        ${EndIf}
        Sleep 100
        IntOp $turnkeyTries $turnkeyTries + 1
      ${LoopWhile} $turnkeyTries < 50
    ${EndIf}
  ${EndIf}
!macroend

; Uninstall (not an update, which runs the old uninstaller silently and must keep everything):
; the login item (the Run value named after the AppUserModelID, apps/desktop/src/loginItem.ts,
; and Task Manager's StartupApproved entry) and the copies of opencode under the data folder
; (%LOCALAPPDATA%\opencode-turnkey\Data\runtime, packages/sidecar/src/dataDir.ts) go; chats,
; settings and logs stay unless the user says otherwise (a silent uninstall keeps them).
!macro customUnInstall
  ${IfNot} ${isUpdated}
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP_ID}"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${APP_ID}"
    RMDir /r "$LOCALAPPDATA\opencode-turnkey\Data\runtime"
    MessageBox MB_YESNO|MB_ICONQUESTION "Also delete your OpenCode Turnkey chats, settings and logs?$\r$\n$\r$\nChoose No to keep them for a later install." /SD IDNO IDNO turnkeyKeepData
      RMDir /r "$LOCALAPPDATA\opencode-turnkey"
    turnkeyKeepData:
  ${EndIf}
!macroend
