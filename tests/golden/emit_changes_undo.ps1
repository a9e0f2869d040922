# mu apply --emit powershell: undo script (10 setting(s)).
# Puts back the values mu read before the change; review it, then run it in PowerShell 5.1 or later.
# Some values are machine-wide: run it from an elevated PowerShell.
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'

# Turn off my screen after (power.screen_timeout): 10 min -> 5 min
#   not a registry value: it is changed through powercfg. Change it by hand in Settings > Power & battery (ms-settings:powersleep), or with mu apply.

# Scale (display.scale): 125% -> 100%
#   not a registry value (per-monitor DpiValue is relative to the monitor's recommended scale and has no documented API; needs sign-out): change it by hand in Settings > Display (ms-settings:display).

# Show shadows under windows (desktop.window_shadows): off -> on
#   not a registry value: it is changed through SystemParametersInfo (SPI_SETDROPSHADOW). Change it by hand in Settings > Performance options - visual effects (ms-settings:about), or with mu apply.

# Num Lock on at startup (keyboard.numlock_on_startup): on -> off
$key = 'Registry::HKEY_USERS\.DEFAULT\Control Panel\Keyboard'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'InitialKeyboardIndicators' -Value '2147483648' -Type String

# System sounds (sound.system_sounds): off -> on
$key = 'Registry::HKEY_CURRENT_USER\AppEvents\Schemes'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name '(default)' -Value '.Default' -Type String

# User Account Control level (security.uac_level): Never notify -> Notify only when apps try to make changes (default)
$key = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ConsentPromptBehaviorAdmin' -Value 5 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'PromptOnSecureDesktop' -Value 1 -Type DWord

# Allow notifications to play sounds (notifications.sounds): off -> on
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Notifications\Settings'
if (Get-ItemProperty -LiteralPath $key -Name 'NOC_GLOBAL_SETTING_ALLOW_NOTIFICATION_SOUND' -ErrorAction SilentlyContinue) { Remove-ItemProperty -LiteralPath $key -Name 'NOC_GLOBAL_SETTING_ALLOW_NOTIFICATION_SOUND' }

# Screen saver choice (personalization.screen_saver_name): C:\Users\Zoë\Søren‘s saver.scr -> 
$key = 'Registry::HKEY_CURRENT_USER\Control Panel\Desktop'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'SCRNSAVE.EXE' -Value '' -Type String

# Proxy address (network.proxy_server): it's "quoted" $env:USERNAME `$(calc) \\server\share C:\Temp\ -> 
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ProxyServer' -Value '' -Type String

# Choose your mode (personalization.color_mode): Dark -> Light
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'AppsUseLightTheme' -Value 1 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'SystemUsesLightTheme' -Value 1 -Type DWord
#   Open windows see this after sign-out, or a WM_SETTINGCHANGE 'ImmersiveColorSet' broadcast (mu sends it; this script does not).
