// The user-assigned managed identity the function app runs as: for its host storage, Sway's data, the deployment
// package, telemetry and the vault. Its roles are granted in access.bicep, nowhere else.

@description('Name of the identity.')
param name string

param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
