# mu apply --emit powershell: undo script.
# Puts back the registry values the script saved on this computer before it wrote anything (the file it
# named when it ran): each value as it was, and a value that was absent is removed again.
param([Parameter(Mandatory = $true)][string]$Backup)
$ErrorActionPreference = 'Stop'
$saved = @(Import-Clixml -LiteralPath $Backup)
[array]::Reverse($saved)
foreach ($old in $saved) {
    $name = if ($old.Name -eq '') { '(default)' } else { $old.Name }
    if ($null -eq $old.Kind) {
        if (Test-Path -LiteralPath $old.Key) { Remove-ItemProperty -LiteralPath $old.Key -Name $name -ErrorAction SilentlyContinue }
    } else {
        if (-not (Test-Path -LiteralPath $old.Key)) { New-Item -Path $old.Key -Force | Out-Null }
        New-ItemProperty -LiteralPath $old.Key -Name $name -Value $old.Data -PropertyType $old.Kind -Force | Out-Null
    }
}
Write-Host "Restored $($saved.Count) registry value(s) from $Backup"
