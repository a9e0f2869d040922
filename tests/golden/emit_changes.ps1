# mu apply --emit powershell: script (10 setting(s)).
# Makes the registry changes mu would make; review it, then run it in PowerShell 5.1 or later.
# Some values are machine-wide: run it from an elevated PowerShell.
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'

# Choose your mode (personalization.color_mode): Light -> Dark
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'AppsUseLightTheme' -Value 0 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'SystemUsesLightTheme' -Value 0 -Type DWord
#   Open windows see this after sign-out, or a WM_SETTINGCHANGE 'ImmersiveColorSet' broadcast (mu sends it; this script does not).

# Proxy address (network.proxy_server):  -> it's "quoted" $env:USERNAME `$(calc) \\server\share C:\Temp\
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ProxyServer' -Value 'it''s "quoted" $env:USERNAME `$(calc) \\server\share C:\Temp\' -Type String

# Screen saver choice (personalization.screen_saver_name):  -> C:\Users\Zoë\Søren‘s saver.scr
$key = 'Registry::HKEY_CURRENT_USER\Control Panel\Desktop'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'SCRNSAVE.EXE' -Value ('' + 'C:\Users\Zo' + [char]0x00eb + '\S' + [char]0x00f8 + 'ren' + [char]0x2018 + 's saver.scr') -Type String

# Allow notifications to play sounds (notifications.sounds): on -> off
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Notifications\Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'NOC_GLOBAL_SETTING_ALLOW_NOTIFICATION_SOUND' -Value 0 -Type DWord

# User Account Control level (security.uac_level): Notify only when apps try to make changes (default) -> Never notify
$key = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ConsentPromptBehaviorAdmin' -Value 0 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'PromptOnSecureDesktop' -Value 0 -Type DWord

# System sounds (sound.system_sounds): on -> off
$key = 'Registry::HKEY_CURRENT_USER\AppEvents\Schemes'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name '(default)' -Value '.None' -Type String

# Num Lock on at startup (keyboard.numlock_on_startup): off -> on
$key = 'Registry::HKEY_USERS\.DEFAULT\Control Panel\Keyboard'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'InitialKeyboardIndicators' -Value '2147483650' -Type String

# Show shadows under windows (desktop.window_shadows): on -> off
#   not a registry value: it is changed through SystemParametersInfo (SPI_SETDROPSHADOW). Change it by hand in Settings > Performance options - visual effects (ms-settings:about), or with mu apply.

# Scale (display.scale): 100% -> 125%
#   not a registry value (per-monitor DpiValue is relative to the monitor's recommended scale and has no documented API; needs sign-out): change it by hand in Settings > Display (ms-settings:display).

# Turn off my screen after (power.screen_timeout): 5 min -> 10 min
#   not a registry value: it is changed through powercfg. Change it by hand in Settings > Power & battery (ms-settings:powersleep), or with mu apply.
