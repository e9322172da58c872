@{
    RootModule        = 'CogniteRecords.Emulator.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '5b0c3c55-3f8e-4d0a-9a57-6a1d2f1e7c41'
    Author            = 'CogniteRecords contributors'
    Description       = 'Starts, controls and stops the local CDF Records API emulator, for runbook tests (Pester BeforeAll/AfterAll).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @(
        'Start-CdfEmulator', 'Stop-CdfEmulator',
        'Set-CdfEmulatorFault', 'Clear-CdfEmulatorFault',
        'Get-CdfEmulatorRequest', 'Clear-CdfEmulatorRequest',
        'New-CdfEmulatorToken', 'Set-CdfEmulatorConfig',
        'Get-CdfEmulatorClock', 'Set-CdfEmulatorClock', 'Move-CdfEmulatorClock',
        'Register-CdfEmulatorClient', 'Get-CdfEmulatorDeviceCode', 'Approve-CdfEmulatorDeviceCode',
        'Get-CdfEmulatorTokenRequest', 'New-CdfEmulatorTrustBundle'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
    PrivateData       = @{ PSData = @{ Tags = @('Cognite', 'CDF', 'Records', 'Emulator', 'Pester') } }
}
