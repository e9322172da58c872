@{
    RootModule           = 'CogniteRecords.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1c2b9e-4d7a-4c1e-9a53-2f0e8c7d1b42'
    Author               = 'CogniteRecords contributors'
    CompanyName          = 'CogniteRecords'
    Copyright            = '(c) CogniteRecords contributors. MIT License.'
    Description          = 'Sync, filter and manage records in the Records API of Cognite Data Fusion (CDF) from PowerShell.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('CogniteRecords.Format.ps1xml', 'CogniteRecords.Filter.Format.ps1xml', 'CogniteRecords.Admin.Format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'Connect-CdfProject'
        'Get-CdfConnection'
        'Disconnect-CdfProject'
        'Sync-CdfRecord'
        'Get-CdfSyncState'
        'Clear-CdfSyncState'
        'New-CdfRecordFilter'
        'Get-CdfStream'
        'New-CdfStream'
        'Remove-CdfStream'
        'Add-CdfRecord'
        'Set-CdfRecord'
        'Remove-CdfRecord'
        'Get-CdfRecord'
        'Measure-CdfRecord'
        'Get-CdfContainer'
        'Export-CdfRecord'
        'New-CdfContainer'
        'Remove-CdfContainer'
        'Get-CdfSpace'
        'New-CdfSpace'
        'Remove-CdfSpace'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('CDF', 'Cognite', 'Records', 'Streams', 'Sync')
            ProjectUri = 'https://github.com/cognite-records/CogniteRecords'
        }
    }
}
