; Included by electron-builder's NSIS script. The uninstaller (and an update over a running
; copy) first ends OpenCode Turnkey with its whole process tree, so no backend worker or
; opencode.exe is left running from a folder that is about to be deleted.
!macro turnkeyStopRunningApp
  nsExec::Exec 'taskkill /IM "${PRODUCT_FILENAME}.exe" /T'
  Sleep 3000
  nsExec::Exec 'taskkill /IM "${PRODUCT_FILENAME}.exe" /T /F'
!macroend

!macro customInit
  !insertmacro turnkeyStopRunningApp
!macroend

!macro customUnInit
  !insertmacro turnkeyStopRunningApp
!macroend
