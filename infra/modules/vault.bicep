// Key Vault for the secrets Sway's settings reference (connector tokens, API and webhook keys). RBAC mode: no access
// policies; the app's identity reads secrets (Key Vault Secrets User), the deploying user may write them.

param name string
param location string
param tags object

@description('Reachable only through a private endpoint in the virtual network.')
param privateOnly bool

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateOnly ? 'Deny' : 'Allow'
      bypass: 'None'
    }
  }
}

output name string = vault.name
