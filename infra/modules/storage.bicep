// A storage account: the Functions host's own state (AzureWebJobsStorage), the deployment package, and Sway's data,
// every table and queue created up front; or, for a further account (Storage:Accounts), the spread tables only, with
// no container and no queue. Only Entra ID (RBAC) access: shared keys, and so account keys, SAS and
// connection strings, are disabled.

param name string
param location string
param tags object

@description('The blob container Flex Consumption deploys the app package from. Empty: none (a further account).')
param deploymentContainerName string

@description('Sway\'s tables (Core\'s StorageNames.Tables).')
param tableNames array

@description('Sway\'s queues with their poison queues (Core\'s StorageNames.Queues).')
param queueNames array

@description('Reachable only through private endpoints in the virtual network.')
param privateOnly bool

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    dnsEndpointType: 'Standard'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateOnly ? 'Deny' : 'Allow'
      bypass: privateOnly ? 'None' : 'AzureServices'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deployments 'containers' = if (!empty(deploymentContainerName)) {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for table in tableNames: {
        name: table
      }
    ]
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [
      for queue in queueNames: {
        name: queue
      }
    ]
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
