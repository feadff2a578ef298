// Sway on Azure: one resource group with the function app (Flex Consumption), its managed identity, the storage
// account holding every table and queue, Application Insights, Key Vault and, optionally, a private network.
// Deployed by `azd up` (azure.yaml at the repository root); parameters come from main.parameters.json.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name: names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('The region for every resource; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('The user or service principal running azd, allowed to write secrets into the vault. Empty: none.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Storage accounts that carry the tables growing with the profiles (Core\'s Storage:Accounts): the first holds everything else too; a night at 750 million profiles needs 32 (docs/scale.md).')
@minValue(1)
@maxValue(64)
param storageAccounts int = 1

@description('Put the app on a virtual network and reach storage and the vault through private endpoints only.')
param vnetEnabled bool = false

@description('When PullActivity runs (six-field NCRONTAB, UTC). Change it with `azd env set SWAY_PULL_SCHEDULE` and `azd provision`.')
param pullSchedule string = '0 */15 * * * *'

@description('When NightlyRescore runs (six-field NCRONTAB, UTC).')
param rescoreSchedule string = '0 0 2 * * *'

@description('The webhook retry schedule: the delay before each attempt, comma-separated hh:mm:ss (Core validates it at start-up).')
param webhookRetrySchedule string = '00:00:00,00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,10:00:00'

@description('Pull the synthetic demo population, to try a deployment out.')
param demoEnabled bool = false

@description('The most instances Flex Consumption scales the app out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('App settings read from Key Vault secrets (see function-app.bicep), e.g. connector tokens and webhook keys.')
param secretSettings string[] = []

@description('Mastodon instances (domains, e.g. mastodon.social) whose linked accounts Sway pulls. Empty: none.')
param mastodonInstances string[] = []

@description('Pull Bluesky through its public AppView.')
param blueskyEnabled bool = false

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var names = {
  identity: 'id-sway-${resourceToken}'
  network: 'vnet-sway-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  workspace: 'log-sway-${resourceToken}'
  applicationInsights: 'appi-sway-${resourceToken}'
  vault: 'kv-sway-${resourceToken}'
  plan: 'plan-sway-${resourceToken}'
  app: 'func-sway-${resourceToken}'
}
var tags = {
  'azd-env-name': environmentName
}

// Core's StorageNames.Tables and StorageNames.Queues, each queue with its poison queue (tests/Sway.Tests/Infra/StorageLayoutTests checks they agree).
// Interactions and Sent are sharded tables: StorageNames.TableShards tables each, named with two hex digits (Interactions00 … Interactions0f).
var tableShards = 16
var tableNames = concat(
  map(range(0, tableShards), shard => 'Interactions${format('{0:x2}', shard)}'),
  map(range(0, tableShards), shard => 'Sent${format('{0:x2}', shard)}'),
  [
    'Accounts'
    'Profiles'
    'Scores'
    'Cursors'
    'Standings'
    'Webhooks'
    'WebhookDeliveries'
    'Links'
    'Tombstones'
  ]
)
// Core's StorageNames.SpreadTableShards: the tables every further account holds.
var spreadTableNames = concat(
  map(range(0, tableShards), shard => 'Interactions${format('{0:x2}', shard)}'),
  map(range(0, tableShards), shard => 'Sent${format('{0:x2}', shard)}'),
  [
    'Accounts'
    'Profiles'
    'Scores'
    'Standings'
  ]
)
// The further accounts, SwayStorage1 … in Core's settings.
var dataStorageNames = map(range(1, storageAccounts - 1), i => 'st${resourceToken}${i}')
var queueNames = [
  'score-requests'
  'score-requests-poison'
  'rescore-shards'
  'rescore-shards-poison'
  'webhook-deliveries'
  'webhook-deliveries-poison'
]

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: resourceGroup
  params: {
    name: names.network
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    tableNames: tableNames
    queueNames: queueNames
    privateOnly: vnetEnabled
  }
}

module dataStorage 'modules/storage.bicep' = [
  for (dataName, i) in dataStorageNames: {
    name: 'storage-${i + 1}'
    scope: resourceGroup
    params: {
      name: dataName
      location: location
      tags: tags
      deploymentContainerName: ''
      tableNames: spreadTableNames
      queueNames: []
      privateOnly: vnetEnabled
    }
  }
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    workspaceName: names.workspace
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module vault 'modules/vault.bicep' = {
  name: 'vault'
  scope: resourceGroup
  params: {
    name: names.vault
    location: location
    tags: tags
    privateOnly: vnetEnabled
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  scope: resourceGroup
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    dataStorageAccountNames: dataStorageNames
    applicationInsightsName: names.applicationInsights
    vaultName: names.vault
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
    storage
    dataStorage
    monitoring
    vault
  ]
}

module privateEndpoints 'modules/private-endpoints.bicep' = if (vnetEnabled) {
  name: 'private-endpoints'
  scope: resourceGroup
  params: {
    networkName: names.network
    storageAccountName: names.storage
    dataStorageAccountNames: dataStorageNames
    vaultName: names.vault
    location: location
    tags: tags
  }
  dependsOn: [
    network
    storage
    dataStorage
    vault
  ]
}

module app 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: names.app
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    dataTableEndpoints: [for (dataName, i) in dataStorageNames: dataStorage[i].outputs.tableEndpoint]
    deploymentContainerName: names.deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    vaultName: vault.outputs.name
    secretSettings: secretSettings
    mastodonInstances: mastodonInstances
    blueskyEnabled: blueskyEnabled
    pullSchedule: pullSchedule
    rescoreSchedule: rescoreSchedule
    webhookRetrySchedule: webhookRetrySchedule
    demoEnabled: demoEnabled
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    subnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
  // The identity holds its roles (and the private endpoints exist) before the host first starts.
  dependsOn: [
    access
    privateEndpoints
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.name
output SERVICE_API_NAME string = app.outputs.name
output SWAY_API_URL string = '${app.outputs.uri}/api'
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
