// Private endpoints, with their private DNS zones linked to the network, for the storage account's blob, queue and
// table services and for the vault: with the private option on, nothing of Sway's state is reachable publicly.

param networkName string
param storageAccountName string

@description('The further storage accounts (Storage:Accounts): each gets a table endpoint in the same zone.')
param dataStorageAccountNames array = []
param vaultName string
param location string
param tags object

resource network 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: networkName

  resource subnet 'subnets' existing = {
    name: 'private-endpoints'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = [
  for dataName in dataStorageAccountNames: {
    name: dataName
  }
]

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: vaultName
}

var storageSuffix = environment().suffixes.storage

var endpoints = [
  {
    name: 'blob'
    groupId: 'blob'
    zone: 'privatelink.blob.${storageSuffix}'
  }
  {
    name: 'queue'
    groupId: 'queue'
    zone: 'privatelink.queue.${storageSuffix}'
  }
  {
    name: 'table'
    groupId: 'table'
    zone: 'privatelink.table.${storageSuffix}'
  }
  {
    name: 'vault'
    groupId: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: 'link-${endpoint.name}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-07-01' = [
  for endpoint in endpoints: {
    name: 'pe-${endpoint.groupId == 'vault' ? vaultName : storageAccountName}-${endpoint.name}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network::subnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: {
            privateLinkServiceId: endpoint.groupId == 'vault' ? vault.id : storage.id
            groupIds: [
              endpoint.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-07-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.name
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

// The further accounts' table endpoints, registered in the table zone above (endpoints[2]).
resource dataEndpoints 'Microsoft.Network/privateEndpoints@2025-07-01' = [
  for (dataName, i) in dataStorageAccountNames: {
    name: 'pe-${dataName}-table'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network::subnet.id
      }
      privateLinkServiceConnections: [
        {
          name: 'table'
          properties: {
            privateLinkServiceId: dataStorage[i].id
            groupIds: [
              'table'
            ]
          }
        }
      ]
    }
  }
]

resource dataZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-07-01' = [
  for (dataName, i) in dataStorageAccountNames: {
    parent: dataEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: 'table'
          properties: {
            privateDnsZoneId: zones[2].id
          }
        }
      ]
    }
  }
]
