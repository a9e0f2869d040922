# mu apply --emit powershell: script (7 setting(s)).
# Makes the registry changes mu would make; review it, then run it in PowerShell 5.1 or later.
# It first saves the values it changes, as they are on the computer it runs on, to a file it names;
# the undo script puts them back from that file.
# Some values are machine-wide: run it from an elevated PowerShell.
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'
# Before anything is written: what is there now (or that nothing is), for the undo script.
$muSaved = New-Object System.Collections.Generic.List[object]
function Save-MuValue([string]$Key, [string]$Name) {
    $item = Get-Item -LiteralPath $Key -ErrorAction SilentlyContinue
    $kind = $null; $data = $null
    if ($null -ne $item -and @($item.GetValueNames()) -contains $Name) {
        $kind = [string]$item.GetValueKind($Name)
        $data = $item.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    }
    $muSaved.Add([pscustomobject]@{ Key = $Key; Name = $Name; Kind = $kind; Data = $data })
}
Save-MuValue 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize' 'AppsUseLightTheme'
Save-MuValue 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize' 'SystemUsesLightTheme'
Save-MuValue 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings' 'ProxyServer'
Save-MuValue 'Registry::HKEY_CURRENT_USER\Control Panel\Desktop' 'SCRNSAVE.EXE'
Save-MuValue 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Notifications\Settings' 'NOC_GLOBAL_SETTING_ALLOW_NOTIFICATION_SOUND'
Save-MuValue 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' 'ConsentPromptBehaviorAdmin'
Save-MuValue 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' 'PromptOnSecureDesktop'
Save-MuValue 'Registry::HKEY_CURRENT_USER\AppEvents\Schemes' ''
Save-MuValue 'Registry::HKEY_USERS\.DEFAULT\Control Panel\Keyboard' 'InitialKeyboardIndicators'
$muBackup = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) ('mu-undo-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.xml')
$muSaved | Export-Clixml -LiteralPath $muBackup
Write-Host "Saved the values it changes to $muBackup; to undo: .\mu-undo.ps1 -Backup '$muBackup'"

# Choose your mode (personalization.color_mode) -> Dark
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'AppsUseLightTheme' -Value 0 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'SystemUsesLightTheme' -Value 0 -Type DWord
#   Open windows see this after sign-out, or a WM_SETTINGCHANGE 'ImmersiveColorSet' broadcast (mu sends it; this script does not).

# Proxy address (network.proxy_server) -> it's "quoted" $env:USERNAME `$(calc) \\server\share C:\Temp\
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ProxyServer' -Value 'it''s "quoted" $env:USERNAME `$(calc) \\server\share C:\Temp\' -Type String

# Screen saver choice (personalization.screen_saver_name) -> C:\Users\Zoë\Søren‘s saver.scr
$key = 'Registry::HKEY_CURRENT_USER\Control Panel\Desktop'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'SCRNSAVE.EXE' -Value ('' + 'C:\Users\Zo' + [char]0x00eb + '\S' + [char]0x00f8 + 'ren' + [char]0x2018 + 's saver.scr') -Type String

# Allow notifications to play sounds (notifications.sounds) -> off
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Notifications\Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'NOC_GLOBAL_SETTING_ALLOW_NOTIFICATION_SOUND' -Value 0 -Type DWord

# User Account Control level (security.uac_level) -> Never notify
$key = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ConsentPromptBehaviorAdmin' -Value 0 -Type DWord
Set-ItemProperty -LiteralPath $key -Name 'PromptOnSecureDesktop' -Value 0 -Type DWord

# System sounds (sound.system_sounds) -> off
$key = 'Registry::HKEY_CURRENT_USER\AppEvents\Schemes'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name '(default)' -Value '.None' -Type String

# Num Lock on at startup (keyboard.numlock_on_startup) -> on
$key = 'Registry::HKEY_USERS\.DEFAULT\Control Panel\Keyboard'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'InitialKeyboardIndicators' -Value '2147483650' -Type String
