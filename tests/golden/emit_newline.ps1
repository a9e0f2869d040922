# mu apply --emit powershell: script (1 setting(s)).
# Makes the registry changes mu would make; review it, then run it in PowerShell 5.1 or later.
$ErrorActionPreference = 'Stop'

# Don't use the proxy server for these addresses (network.proxy_bypass):  -> <local> *.example.com
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ProxyOverride' -Value ('' + '<local>' + [char]0x000a + '*.example.com') -Type String
