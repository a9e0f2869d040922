# mu apply --emit powershell: script (1 setting(s)).
# Makes the registry changes mu would make; review it, then run it in PowerShell 5.1 or later.
# It first saves the values it changes, as they are on the computer it runs on, to a file it names;
# the undo script puts them back from that file.
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
Save-MuValue 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings' 'ProxyOverride'
$muBackup = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) ('mu-undo-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.xml')
$muSaved | Export-Clixml -LiteralPath $muBackup
Write-Host "Saved the values it changes to $muBackup; to undo: .\mu-undo.ps1 -Backup '$muBackup'"

# Don't use the proxy server for these addresses (network.proxy_bypass) -> <local> *.example.com
$key = 'Registry::HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -LiteralPath $key -Name 'ProxyOverride' -Value ('' + '<local>' + [char]0x000a + '*.example.com') -Type String
